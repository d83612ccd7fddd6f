/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TFTP packets: encode and decode only, no I/O, so every byte layout and
 * every OACK rule can be unit-tested without a socket.
 */
#ifndef IA_TFTP_PKT_H
#define IA_TFTP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tftp_opcode {
	TFTP_RRQ = 1,
	TFTP_WRQ = 2,
	TFTP_DATA = 3,
	TFTP_ACK = 4,
	TFTP_ERROR = 5,
	TFTP_OACK = 6,
};

enum tftp_errcode {
	TFTP_EUNDEF = 0,	/* see the message */
	TFTP_ENOTFOUND = 1,
	TFTP_EACCESS = 2,
	TFTP_ENOSPACE = 3,
	TFTP_EBADOP = 4,
	TFTP_EBADID = 5,	/* unknown transfer ID */
	TFTP_EEXISTS = 6,
	TFTP_ENOUSER = 7,
	TFTP_EOPTNEG = 8,	/* option negotiation refused (RFC 2347) */
};

#define TFTP_HDR_LEN		4
#define TFTP_BLKSIZE_RFC1350	512
#define TFTP_BLKSIZE_MIN	8
#define TFTP_BLKSIZE_MAX	65464
#define TFTP_WINDOW_MAX		65535
#define TFTP_TIMEOUT_MAX	255
/* The largest request we build: file name, mode and four options. */
#define TFTP_REQ_MAX		(2 + 1024 + 6 + 4 * 32)
/* Longest error text we keep from a server. */
#define TFTP_ERRMSG_MAX		128

/*
 * Options of a request and of an OACK.  0 means "not present" for every
 * field except tsize, which has its own flag because 0 is a real value
 * (the RRQ asks with tsize=0).
 */
struct tftp_optset {
	unsigned int blksize;
	unsigned int windowsize;
	unsigned int timeout;
	bool has_tsize;
	uint64_t tsize;
};

/* A decoded packet; pointers point into the buffer that was parsed. */
struct tftp_pkt {
	uint16_t opcode;
	uint16_t block;			/* DATA, ACK */
	const uint8_t *data;		/* DATA payload, OACK option bytes */
	size_t len;
	uint16_t errcode;		/* ERROR */
	char errmsg[TFTP_ERRMSG_MAX];	/* ERROR, made printable */
};

/*
 * RRQ or WRQ for @file in octet mode with the options set in @opts (NULL:
 * none).  Returns the length, or -EINVAL (empty name) / -ENOSPC.
 */
int tftp_pkt_request(uint8_t *buf, size_t cap, uint16_t opcode,
		     const char *file, const struct tftp_optset *opts);

/* ACK and DATA headers are 4 bytes; the caller places the payload. */
size_t tftp_pkt_ack(uint8_t *buf, uint16_t block);
size_t tftp_pkt_data_hdr(uint8_t *buf, uint16_t block);

/* ERROR with @msg truncated to fit @cap; returns the length. */
size_t tftp_pkt_error(uint8_t *buf, size_t cap, uint16_t code,
		      const char *msg);

/* Decode any packet a client may receive; 0 or -EBADMSG. */
int tftp_pkt_parse(const uint8_t *buf, size_t len, struct tftp_pkt *p);

/*
 * Check an OACK against what was asked (RFC 2347: the server may only
 * answer options the client sent; 2348: blksize not above the request;
 * 2349: timeout echoed unchanged; 7440: windowsize not above the request)
 * and fill @got with the accepted values.  0, or -EPROTO with @err set.
 */
int tftp_oack_parse(const uint8_t *opts, size_t len,
		    const struct tftp_optset *asked, struct tftp_optset *got,
		    char *err, size_t errlen);

/* RFC 1350 text for an error code ("File not found"). */
const char *tftp_errstr(uint16_t code);

#endif
