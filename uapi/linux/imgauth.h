/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * imgauth: signed firmware installation for Linux appliances.
 *
 * This is the only contract between the kernel module and userspace.
 *
 * Image file format
 * -----------------
 * An image (system image or boot loader) is a 32-byte header, a payload and
 * a DER Dss-Sig-Value, all in one file:
 *
 *	struct imgauth_image_hdr   (big-endian fields, offset 0)
 *	payload                    (hdr.size bytes, at hdr.offset = 0x20)
 *	SEQUENCE { INTEGER r, INTEGER s }  (the rest of the file, 8..72 bytes)
 *
 * cksum is the CRC-32 of IEEE 802.3 (the one zlib's crc32() computes) over
 * the header with the cksum field set to zero, followed by the payload.
 * The signature is DSA (FIPS 186-4) over header + payload, including the
 * stored cksum; the hash follows the key: SHA-1 for 1024/160, SHA-224 for
 * 2048/224, SHA-256 for 2048/256 and 3072/256.  See docs/image-format.md.
 *
 * Streamable images (format v2)
 * -----------------------------
 * A v2 image can be verified before its payload arrives: its signature
 * covers the header and a table of SHA-256 digests, one per 64 KiB of
 * payload, so each piece is checked against the table as it comes:
 *
 *	struct imgauth_image_hdr   magic IMGAUTH_IMAGE_MAGIC_V2; offset = the
 *	                           payload offset below; size = payload bytes
 *	struct imgauth_image_v2    chunk_size (65536), nchunks = ceil(size /
 *	                           chunk_size), sig_len, reserved 0
 *	nchunks * 32 bytes         SHA-256 of each payload chunk, in order
 *	signature area             DER Dss-Sig-Value (sig_len bytes, 8..72)
 *	                           over everything before it, zero-padded up
 *	                           to offset = round_up(48 + 32 * nchunks + 72,
 *	                           4096)
 *	payload                    size bytes
 *
 * cksum is, as in v1, the CRC-32 of the header (cksum zero) and the
 * payload.  See docs/image-format.md.
 *
 * Character devices (mode 0600)
 * -----------------------------
 *	/dev/imgauth/loader   boot loader region
 *	/dev/imgauth/image0   system image slot 0
 *	/dev/imgauth/image1   system image slot 1
 *	/dev/imgauth/key1..3  the three NVRAM key slots
 *
 * read() returns the installed image file exactly as installed (empty when
 * the region holds none) or the DER key of a key slot (empty when none).
 * write() is refused; changes go through the ioctls below, each verified in
 * the kernel before flash or a key slot is touched, each needing
 * CAP_SYS_ADMIN.  Every ioctl argument starts with argsz, the size of the
 * structure userspace knows, so that the structures can grow.
 *
 * IMGAUTH_IOC_INSTALL (loader, image0, image1)
 *	Verify and install the image at @data/@len.  On an image device the
 *	kernel writes the slot that is not the active one, reads it back, and
 *	only then makes it active (unless IMGAUTH_INSTALL_NO_COMMIT).  On the
 *	loader device it writes the loader region.  IMGAUTH_INSTALL_DRY_RUN
 *	verifies without writing anything.  @status and @message report the
 *	verdict also when the ioctl fails.
 * IMGAUTH_IOC_KEY_SET (key1..key3)
 *	Validate the DER SubjectPublicKeyInfo at @key/@key_len (a DSA key of a
 *	supported size) and write it to all three key slots.  Refused while
 *	the key policy is locked.  IMGAUTH_KEY_PROVISION also records that the
 *	device must always have a key from then on.
 * IMGAUTH_IOC_KEY_DELETE (key1..key3)
 *	Zero the three key slots; images are then installed unauthenticated
 *	("Ignore image authentication!") unless the module requires a key.
 * IMGAUTH_IOC_STREAM_BEGIN, _CHUNK, _END, _ABORT (image0, image1)
 *	Install a v2 image as it arrives: BEGIN with its prefix (header up to
 *	the payload offset) and its total length verifies the signature and
 *	prepares the slot; each CHUNK brings the next 64 KiB (the last one
 *	less), checked against the signed table before it is programmed; END
 *	checks the checksum and records the image.  ABORT, closing the file,
 *	or any refusal erases what was programmed.  One session per file;
 *	while one is open, other installs get EBUSY and key changes wait.
 *	A v1 image (v1 magic in the first bytes) goes the same way: BEGIN
 *	with its first 64 KiB and total length, a CHUNK per next 64 KiB piece,
 *	each verified as it comes and nothing written; END with the whole
 *	image at @data/@len checks checksum and signature, then programs it,
 *	each piece proven to be the one its CHUNK brought.
 * IMGAUTH_IOC_REGION_INFO (any device)
 *	Size, erase size, used length and state of the device's region.
 *
 * Generic netlink family "imgauth" (version 1)
 * -------------------------------------------
 * Commands marked [admin] need CAP_SYS_ADMIN (checked in pre_doit, for the
 * socket's opener and the sender).  Every rejection carries an extack
 * message.
 *
 *	IMGAUTH_CMD_STATUS        -> IMGAUTH_A_SYSTEM, IMGAUTH_A_REGIONS
 *	IMGAUTH_CMD_KEY_GET       -> IMGAUTH_A_KEY_STATE, IMGAUTH_A_KEY_SLOTS
 *	IMGAUTH_CMD_KEY_SET       [admin] IMGAUTH_A_KEY
 *	IMGAUTH_CMD_KEY_DELETE    [admin]
 *	IMGAUTH_CMD_VERIFY        [admin] IMGAUTH_A_TARGET: verify what a region holds
 *				  -> IMGAUTH_A_STATUS, IMGAUTH_A_MESSAGE
 *	IMGAUTH_CMD_VERIFY_SIG    IMGAUTH_A_MSG, IMGAUTH_A_SIG,
 *				  [IMGAUTH_A_SIG_FORMAT], [IMGAUTH_A_HASH],
 *				  [IMGAUTH_A_KEY] (default: the installed key)
 *				  -> IMGAUTH_A_STATUS, IMGAUTH_A_MESSAGE.
 *				  No side effects.
 *	IMGAUTH_CMD_INSTALL_COMMIT [admin] IMGAUTH_A_TARGET: verify an image
 *				  slot on flash again and make it active.
 *	IMGAUTH_CMD_LOADER_CONFIG_GET -> IMGAUTH_A_LOADER_CONFIG
 *	IMGAUTH_CMD_LOADER_CONFIG_SET [admin] IMGAUTH_A_LOADER_CONFIG
 *	IMGAUTH_CMD_EVENT         sent to the "events" multicast group on every
 *				  key change, install, commit and verification:
 *				  IMGAUTH_A_EVENT, [IMGAUTH_A_TARGET],
 *				  IMGAUTH_A_STATUS, IMGAUTH_A_MESSAGE.
 *	IMGAUTH_CMD_BOOT          [admin] the boot-time check, once per boot:
 *				  count a trial boot, fall back when the trial
 *				  ran out, verify the selected image and, if it
 *				  fails, the other one, selecting it when it
 *				  verifies; with loader_check=boot verify the
 *				  loader first.  -> IMGAUTH_A_BOOT
 *	IMGAUTH_CMD_MARK_GOOD     [admin] the running (active) image is healthy:
 *				  end its trial (the floor follows it).
 *				  -> IMGAUTH_A_STATUS, IMGAUTH_A_MESSAGE
 *	IMGAUTH_CMD_KEY_LOCK      [admin] lock the key policy: from then on the
 *				  key changes only by a key statement.
 *				  -> IMGAUTH_A_STATUS, IMGAUTH_A_MESSAGE
 *	IMGAUTH_CMD_KEY_STATEMENT [admin] IMGAUTH_A_STATEMENT: apply a key
 *				  statement (rotate, delete, unlock,
 *				  unprovision) signed by the current key.
 *				  -> IMGAUTH_A_STATUS, IMGAUTH_A_MESSAGE
 *	IMGAUTH_CMD_FLOOR_RAISE   [admin] IMGAUTH_A_SW_VERSION: raise the
 *				  anti-rollback floor (never lowers it).
 *				  -> IMGAUTH_A_STATUS, IMGAUTH_A_MESSAGE
 *	IMGAUTH_CMD_LOG_GET       dump: the install journal, oldest first, as
 *				  IMGAUTH_A_JOURNAL nests of raw records.
 *
 * Commands marked [admin] need CAP_SYS_ADMIN, like the ioctls.
 */
#ifndef _UAPI_LINUX_IMGAUTH_H
#define _UAPI_LINUX_IMGAUTH_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* ---- image format ---- */

#define IMGAUTH_IMAGE_MAGIC	0x81ba16eeU
#define IMGAUTH_HDR_LEN		32
#define IMGAUTH_SIG_MIN		8	/* SEQUENCE { INTEGER 1b, INTEGER 1b } */
#define IMGAUTH_SIG_MAX		72	/* two 256-bit INTEGERs with sign bytes */

#define IMGAUTH_IMAGE_MAGIC_V2	0x81ba16e2U	/* streamable, see above */
#define IMGAUTH_V2_HDR_LEN	48	/* header + struct imgauth_image_v2 */
#define IMGAUTH_V2_CHUNK	65536
#define IMGAUTH_V2_DIGEST_LEN	32	/* SHA-256 */
#define IMGAUTH_V2_ALIGN	4096	/* the payload offset's alignment */

/**
 * struct imgauth_image_hdr - the 32-byte image header, all fields big-endian
 * @magic_number: IMGAUTH_IMAGE_MAGIC
 * @platform_type: must equal the device's platform
 * @cpu_type: must equal the device's cpu type
 * @version: header version, informational
 * @offset: payload offset, always IMGAUTH_HDR_LEN
 * @address: load address, informational
 * @size: payload length in bytes
 * @date: build time, seconds since the epoch
 * @sw_version: major << 24 | minor << 16 | patch << 8 | release ("6.3.0r17")
 * @cksum: CRC-32 over the header (this field zero) and the payload
 */
struct imgauth_image_hdr {
	__be32	magic_number;
	__be16	platform_type;
	__u8	cpu_type;
	__u8	version;
	__be32	offset;
	__be32	address;
	__be32	size;
	__be32	date;
	__be32	sw_version;
	__be32	cksum;
};

/**
 * struct imgauth_image_v2 - what follows the header in a v2 image
 * @chunk_size: IMGAUTH_V2_CHUNK
 * @nchunks: number of payload chunks (and of table entries)
 * @sig_len: length of the DER signature in the signature area
 * @reserved: zero
 */
struct imgauth_image_v2 {
	__be32	chunk_size;
	__be32	nchunks;
	__be32	sig_len;
	__be32	reserved;
};

/* ---- regions and key slots ---- */

enum imgauth_target {
	IMGAUTH_TARGET_LOADER = 0,
	IMGAUTH_TARGET_IMAGE0 = 1,
	IMGAUTH_TARGET_IMAGE1 = 2,
	IMGAUTH_TARGET_NONE = 0xff,
};
#define IMGAUTH_NTARGETS	3

/* State of a region as recorded in NVRAM. */
enum imgauth_region_state {
	IMGAUTH_REGION_EMPTY = 0,	/* nothing installed, or being written */
	IMGAUTH_REGION_STAGED = 1,	/* written and verified, not committed */
	IMGAUTH_REGION_VALID = 2,	/* installed and committed */
};

#define IMGAUTH_NKEYSLOTS	3
#define IMGAUTH_KEY_MAX		1536	/* DER SubjectPublicKeyInfo, 3072-bit */
#define IMGAUTH_KEY_MAGIC1	0xf7e9294bU
#define IMGAUTH_KEY_MAGIC2_BLANK 0xdead1234U	/* never written */

/* The key policy record (NVRAM, two copies beside the key slots). */
enum imgauth_policy_state {
	IMGAUTH_POLICY_DEFAULT = 0,	/* never written: ScreenOS behaviour */
	IMGAUTH_POLICY_OK = 1,
	IMGAUTH_POLICY_DAMAGED = 2,	/* unreadable: treated as locked and
					 * provisioned, floor = newest image */
};

/* The image key as the three slots hold it together. */
enum imgauth_key_state {
	IMGAUTH_KEY_NONE = 0,		/* never installed or deleted */
	IMGAUTH_KEY_PRESENT = 1,
	IMGAUTH_KEY_DAMAGED = 2,	/* no slot readable: installs refused */
};

/* One slot, as "exec pki test skey" shows it. */
enum imgauth_slot_state {
	IMGAUTH_SLOT_OK = 0,
	IMGAUTH_SLOT_BAD = 1,		/* bad magic1 or CRC */
	IMGAUTH_SLOT_ERASED = 2,	/* blank flash */
};

/* ---- verdicts ---- */

/**
 * enum imgauth_status - why an image or key was accepted or rejected
 * @IMGAUTH_OK: "Image authenticated!"
 * @IMGAUTH_OK_UNAUTHENTICATED: no key installed: "Ignore image authentication!"
 * @IMGAUTH_E_LENGTH: too short, too large for the region, or overflow
 * @IMGAUTH_E_MAGIC: magic_number is not IMGAUTH_IMAGE_MAGIC
 * @IMGAUTH_E_PLATFORM: platform or cpu type is not this device's
 * @IMGAUTH_E_LAYOUT: offset/size inconsistent with the length
 * @IMGAUTH_E_CKSUM: checksum mismatch, "### image corrupted ###"
 * @IMGAUTH_E_SIGFORMAT: the signature is not a strict DER Dss-Sig-Value
 * @IMGAUTH_E_SIGNATURE: "PKI: DSA verify fails."
 * @IMGAUTH_E_NOKEY: the module requires a key and none is installed
 * @IMGAUTH_E_KEYSLOTS: the key slots are damaged: install or delete the key
 * @IMGAUTH_E_KEY: a key offered for installation is malformed or unsupported
 * @IMGAUTH_E_FLASH: flash I/O error or read-back mismatch
 * @IMGAUTH_E_BUSY: another install is running
 * @IMGAUTH_E_CHANGED: the caller's buffer changed during the install
 * @IMGAUTH_E_EMPTY: the region holds no image
 * @IMGAUTH_E_INTERNAL: the check could not run (no memory, interrupted,
 *	fault reading the caller's buffer): nothing was changed
 * @IMGAUTH_E_ROLLBACK: the image's sw_version is below the anti-rollback
 *	floor
 * @IMGAUTH_E_LOCKED: the key policy is locked (or the device provisioned):
 *	the change needs a statement signed by the current key
 * @IMGAUTH_E_STATEMENT: a key statement is malformed, not signed by the
 *	current key, for another device, or replayed
 * @__IMGAUTH_STATUS_MAX: number of statuses
 *
 * The kernel log line and the message of an ioctl or netlink reply say
 * the same in words.
 */
enum imgauth_status {
	IMGAUTH_OK = 0,
	IMGAUTH_OK_UNAUTHENTICATED = 1,
	IMGAUTH_E_LENGTH = 2,
	IMGAUTH_E_MAGIC = 3,
	IMGAUTH_E_PLATFORM = 4,
	IMGAUTH_E_LAYOUT = 5,
	IMGAUTH_E_CKSUM = 6,
	IMGAUTH_E_SIGFORMAT = 7,
	IMGAUTH_E_SIGNATURE = 8,
	IMGAUTH_E_NOKEY = 9,
	IMGAUTH_E_KEYSLOTS = 10,
	IMGAUTH_E_KEY = 11,
	IMGAUTH_E_FLASH = 12,
	IMGAUTH_E_BUSY = 13,
	IMGAUTH_E_CHANGED = 14,
	IMGAUTH_E_EMPTY = 15,
	IMGAUTH_E_INTERNAL = 16,
	IMGAUTH_E_ROLLBACK = 17,
	IMGAUTH_E_LOCKED = 18,
	IMGAUTH_E_STATEMENT = 19,
	__IMGAUTH_STATUS_MAX
};

#define IMGAUTH_MSG_LEN		192

/* ---- ioctls ---- */

#define IMGAUTH_IOC_MAGIC	0xd9

#define IMGAUTH_INSTALL_DRY_RUN		(1U << 0)
#define IMGAUTH_INSTALL_NO_COMMIT	(1U << 1)
#define IMGAUTH_INSTALL_RECOVERY	(1U << 2)	/* journal: a recovery */
#define IMGAUTH_INSTALL_FLAGS		(IMGAUTH_INSTALL_DRY_RUN | \
					 IMGAUTH_INSTALL_NO_COMMIT | \
					 IMGAUTH_INSTALL_RECOVERY)

/**
 * struct imgauth_install - argument of IMGAUTH_IOC_INSTALL
 * @argsz: sizeof(struct imgauth_install)
 * @flags: IMGAUTH_INSTALL_*
 * @data: user pointer to the image file
 * @len: its length in bytes
 * @status: out: enum imgauth_status
 * @target: out: the region written (or that would be written)
 * @message: out: the verdict, NUL-terminated
 */
struct imgauth_install {
	__u32	argsz;
	__u32	flags;
	__u64	data;
	__u64	len;
	__u32	status;
	__u32	target;
	char	message[IMGAUTH_MSG_LEN];
};

#define IMGAUTH_KEY_PROVISION	(1U << 0)	/* KEY_SET: and provision */

/**
 * struct imgauth_key_update - argument of IMGAUTH_IOC_KEY_SET and _DELETE
 * @argsz: sizeof(struct imgauth_key_update)
 * @flags: IMGAUTH_KEY_PROVISION (KEY_SET), else zero
 * @key: user pointer to a DER SubjectPublicKeyInfo (KEY_SET only)
 * @key_len: its length, at most IMGAUTH_KEY_MAX (KEY_SET only)
 * @status: out: enum imgauth_status
 * @message: out: the verdict, NUL-terminated
 */
struct imgauth_key_update {
	__u32	argsz;
	__u32	flags;
	__u64	key;
	__u32	key_len;
	__u32	status;
	char	message[IMGAUTH_MSG_LEN];
};

/**
 * struct imgauth_region_info - argument of IMGAUTH_IOC_REGION_INFO
 * @argsz: sizeof(struct imgauth_region_info)
 * @target: out: enum imgauth_target, or the key slot number 1..3 + 0x10
 * @state: out: enum imgauth_region_state (key slots: enum imgauth_slot_state)
 * @active: out: 1 when this is the image slot that boots
 * @erasesize: out: flash erase block size
 * @reserved: zero
 * @size: out: region size in bytes
 * @used: out: bytes of installed content
 */
struct imgauth_region_info {
	__u32	argsz;
	__u32	target;
	__u32	state;
	__u32	active;
	__u32	erasesize;
	__u32	reserved;
	__u64	size;
	__u64	used;
};

/**
 * struct imgauth_stream - argument of the IMGAUTH_IOC_STREAM_* ioctls
 * @argsz: sizeof(struct imgauth_stream)
 * @flags: BEGIN: IMGAUTH_INSTALL_*; otherwise zero
 * @data: BEGIN: user pointer to the prefix (v1: the first 64 KiB); CHUNK:
 *	to the chunk; END: v1: to the whole image, v2: unused
 * @len: its length
 * @total: BEGIN: the length of the whole image
 * @status: out: enum imgauth_status
 * @target: out: the slot written
 * @message: out: the verdict, NUL-terminated
 */
struct imgauth_stream {
	__u32	argsz;
	__u32	flags;
	__u64	data;
	__u64	len;
	__u64	total;
	__u32	status;
	__u32	target;
	char	message[IMGAUTH_MSG_LEN];
};

/*
 * Plain _IO numbers, as VFIO does: the size is not part of the number, so
 * a structure can grow (argsz says how much of it the caller knows)
 * without changing the ioctl.
 */
#define IMGAUTH_IOC_INSTALL	_IO(IMGAUTH_IOC_MAGIC, 1)
#define IMGAUTH_IOC_KEY_SET	_IO(IMGAUTH_IOC_MAGIC, 2)
#define IMGAUTH_IOC_KEY_DELETE	_IO(IMGAUTH_IOC_MAGIC, 3)
#define IMGAUTH_IOC_REGION_INFO	_IO(IMGAUTH_IOC_MAGIC, 4)
#define IMGAUTH_IOC_STREAM_BEGIN _IO(IMGAUTH_IOC_MAGIC, 5)
#define IMGAUTH_IOC_STREAM_CHUNK _IO(IMGAUTH_IOC_MAGIC, 6)
#define IMGAUTH_IOC_STREAM_END	_IO(IMGAUTH_IOC_MAGIC, 7)
#define IMGAUTH_IOC_STREAM_ABORT _IO(IMGAUTH_IOC_MAGIC, 8)

/* ---- generic netlink ---- */

#define IMGAUTH_GENL_NAME	"imgauth"
#define IMGAUTH_GENL_VERSION	1
#define IMGAUTH_MCGRP_EVENTS	"events"

enum imgauth_cmd {
	IMGAUTH_CMD_UNSPEC,
	IMGAUTH_CMD_STATUS,
	IMGAUTH_CMD_KEY_GET,
	IMGAUTH_CMD_KEY_SET,
	IMGAUTH_CMD_KEY_DELETE,
	IMGAUTH_CMD_VERIFY,
	IMGAUTH_CMD_VERIFY_SIG,
	IMGAUTH_CMD_INSTALL_COMMIT,
	IMGAUTH_CMD_LOADER_CONFIG_GET,
	IMGAUTH_CMD_LOADER_CONFIG_SET,
	IMGAUTH_CMD_EVENT,
	IMGAUTH_CMD_BOOT,
	IMGAUTH_CMD_MARK_GOOD,
	IMGAUTH_CMD_KEY_LOCK,
	IMGAUTH_CMD_KEY_STATEMENT,
	IMGAUTH_CMD_FLOOR_RAISE,
	IMGAUTH_CMD_LOG_GET,
	__IMGAUTH_CMD_MAX
};
#define IMGAUTH_CMD_MAX (__IMGAUTH_CMD_MAX - 1)

enum imgauth_sig_format {
	IMGAUTH_SIG_DER = 0,	/* Dss-Sig-Value */
	IMGAUTH_SIG_P1363 = 1,	/* r || s, each ceil(N/8) bytes */
};

enum imgauth_event {
	IMGAUTH_EV_KEY_SET = 1,
	IMGAUTH_EV_KEY_DELETE = 2,
	IMGAUTH_EV_KEY_REPAIR = 3,	/* a damaged slot was rewritten */
	IMGAUTH_EV_INSTALL = 4,		/* install accepted or rejected */
	IMGAUTH_EV_VERIFY = 5,		/* verification of a region */
	IMGAUTH_EV_COMMIT = 6,
	IMGAUTH_EV_LOADER_CONFIG = 7,
	IMGAUTH_EV_BOOT = 8,		/* a boot check fell back or found nothing */
	IMGAUTH_EV_MARK_GOOD = 9,	/* a trial image was marked good */
	IMGAUTH_EV_POLICY = 10,		/* lock, unlock, floor, provisioning */
	IMGAUTH_EV_JOURNAL = 11,	/* a journal record was appended */
};

/**
 * enum imgauth_boot_outcome - what IMGAUTH_CMD_BOOT decided
 * @IMGAUTH_BOOT_PRIMARY: the selected image verified: boot it
 * @IMGAUTH_BOOT_FALLBACK: it did not; the other slot did and is selected now
 * @IMGAUTH_BOOT_TRIAL_EXPIRED: the selected image was on trial and never
 *	marked good in its boots: the previous image is selected again
 * @IMGAUTH_BOOT_NONE: nothing on flash verifies: recovery is needed
 */
enum imgauth_boot_outcome {
	IMGAUTH_BOOT_PRIMARY = 0,
	IMGAUTH_BOOT_FALLBACK = 1,
	IMGAUTH_BOOT_TRIAL_EXPIRED = 2,
	IMGAUTH_BOOT_NONE = 3,
};

/* The role of one check of IMGAUTH_CMD_BOOT, in the order they ran. */
enum imgauth_boot_role {
	IMGAUTH_ROLE_LOADER = 0,	/* loader_check=boot */
	IMGAUTH_ROLE_PRIMARY = 1,	/* the selected system image */
	IMGAUTH_ROLE_DEFAULT = 2,	/* the other slot, when the first failed */
};

/* Boot loader checks (module parameter loader_check). */
enum imgauth_loader_check {
	IMGAUTH_LOADER_CHECK_INSTALL = 0,	/* SSG: verified when installed */
	IMGAUTH_LOADER_CHECK_BOOT = 1,		/* ISG/NetScreen: and at boot */
};

enum imgauth_attr {
	IMGAUTH_A_UNSPEC,
	IMGAUTH_A_TARGET,	/* u32, enum imgauth_target */
	IMGAUTH_A_STATUS,	/* u32, enum imgauth_status */
	IMGAUTH_A_MESSAGE,	/* string */
	IMGAUTH_A_KEY,		/* binary, DER SubjectPublicKeyInfo */
	IMGAUTH_A_KEY_STATE,	/* u32, enum imgauth_key_state */
	IMGAUTH_A_KEY_SLOTS,	/* nest of IMGAUTH_A_KEY_SLOTS entries */
	IMGAUTH_A_MSG,		/* binary, message to verify */
	IMGAUTH_A_SIG,		/* binary */
	IMGAUTH_A_SIG_FORMAT,	/* u32, enum imgauth_sig_format */
	IMGAUTH_A_HASH,		/* string: sha1 sha224 sha256 sha384 sha512 */
	IMGAUTH_A_SYSTEM,	/* nest of enum imgauth_sys_attr */
	IMGAUTH_A_REGIONS,	/* nest of nests of enum imgauth_region_attr */
	IMGAUTH_A_LOADER_CONFIG, /* nest of enum imgauth_ldrcfg_attr */
	IMGAUTH_A_EVENT,	/* u32, enum imgauth_event */
	IMGAUTH_A_BOOT,		/* nest of enum imgauth_boot_attr */
	IMGAUTH_A_PROVISION,	/* flag: KEY_SET also provisions the device */
	IMGAUTH_A_STATEMENT,	/* binary, a key statement */
	IMGAUTH_A_SW_VERSION,	/* u32, major << 24 | minor << 16 | patch << 8 | r */
	IMGAUTH_A_JOURNAL,	/* nest of IMGAUTH_A_JREC (type 1) entries */
	IMGAUTH_A_JREC,		/* binary, one raw 128-byte journal record */
	__IMGAUTH_A_MAX
};
#define IMGAUTH_A_MAX (__IMGAUTH_A_MAX - 1)

/* Each entry of IMGAUTH_A_KEY_SLOTS is a nest of these. */
enum imgauth_slot_attr {
	IMGAUTH_SLOT_A_UNSPEC,
	IMGAUTH_SLOT_A_INDEX,	/* u32, 1..3 */
	IMGAUTH_SLOT_A_STATE,	/* u32, enum imgauth_slot_state */
	IMGAUTH_SLOT_A_MAGIC1,	/* u32 */
	IMGAUTH_SLOT_A_MAGIC2,	/* u32 */
	IMGAUTH_SLOT_A_GEN,	/* u32, write generation */
	IMGAUTH_SLOT_A_LEN,	/* u32 */
	IMGAUTH_SLOT_A_DATA,	/* binary, the stored DER (len bytes) */
	__IMGAUTH_SLOT_A_MAX
};
#define IMGAUTH_SLOT_A_MAX (__IMGAUTH_SLOT_A_MAX - 1)

enum imgauth_sys_attr {
	IMGAUTH_SYS_A_UNSPEC,
	IMGAUTH_SYS_A_PRODUCT,		/* string */
	IMGAUTH_SYS_A_SERIAL,		/* string */
	IMGAUTH_SYS_A_HW_VERSION,	/* string */
	IMGAUTH_SYS_A_MAC,		/* binary, 6 bytes */
	IMGAUTH_SYS_A_PLATFORM,		/* u32 */
	IMGAUTH_SYS_A_CPU,		/* u32 */
	IMGAUTH_SYS_A_BACKEND,		/* string: "ram" or "mtd:NAME" */
	IMGAUTH_SYS_A_ACTIVE,		/* u32, enum imgauth_target */
	IMGAUTH_SYS_A_KEY_STATE,	/* u32, enum imgauth_key_state */
	IMGAUTH_SYS_A_REQUIRE_KEY,	/* u8 */
	IMGAUTH_SYS_A_MODULE_VERSION,	/* string */
	IMGAUTH_SYS_A_TRIAL_BOOTS,	/* u32, boots a new image gets on trial */
	IMGAUTH_SYS_A_LOADER_CHECK,	/* u32, enum imgauth_loader_check */
	IMGAUTH_SYS_A_MTD_INDEX,	/* u32, the MTD device (MTD backend only) */
	IMGAUTH_SYS_A_POLICY_STATE,	/* u32, enum imgauth_policy_state */
	IMGAUTH_SYS_A_LOCKED,		/* u8 */
	IMGAUTH_SYS_A_PROVISIONED,	/* u8 */
	IMGAUTH_SYS_A_FLOOR,		/* u32, sw_version */
	IMGAUTH_SYS_A_STMT_COUNTER,	/* u32, last key statement accepted */
	IMGAUTH_SYS_A_HASH_DRIVERS,	/* string: "sha1=sha1-avx2 sha256=..." */
	__IMGAUTH_SYS_A_MAX
};
#define IMGAUTH_SYS_A_MAX (__IMGAUTH_SYS_A_MAX - 1)

/* Each entry of IMGAUTH_A_REGIONS is a nest of these. */
enum imgauth_region_attr {
	IMGAUTH_REGION_A_UNSPEC,
	IMGAUTH_REGION_A_TARGET,	/* u32, enum imgauth_target */
	IMGAUTH_REGION_A_STATE,		/* u32, enum imgauth_region_state */
	IMGAUTH_REGION_A_SIZE,		/* u64, region size */
	IMGAUTH_REGION_A_USED,		/* u64, installed length */
	IMGAUTH_REGION_A_ERASESIZE,	/* u32 */
	IMGAUTH_REGION_A_SW_VERSION,	/* u32, from the installed header */
	IMGAUTH_REGION_A_DATE,		/* u32 */
	IMGAUTH_REGION_A_CKSUM,		/* u32 */
	IMGAUTH_REGION_A_SEQ,		/* u32, boot record sequence number */
	IMGAUTH_REGION_A_OFFSET,	/* u64, region offset on the flash */
	IMGAUTH_REGION_A_TRIAL,		/* u8, 1: on trial (not marked good) */
	IMGAUTH_REGION_A_TRIES,		/* u32, trial boots left */
	__IMGAUTH_REGION_A_MAX
};
#define IMGAUTH_REGION_A_MAX (__IMGAUTH_REGION_A_MAX - 1)

/* IMGAUTH_A_BOOT, the outcome of IMGAUTH_CMD_BOOT. */
enum imgauth_boot_attr {
	IMGAUTH_BOOT_A_UNSPEC,
	IMGAUTH_BOOT_A_OUTCOME,		/* u32, enum imgauth_boot_outcome */
	IMGAUTH_BOOT_A_TARGET,		/* u32, the slot to boot (or NONE) */
	IMGAUTH_BOOT_A_TRIES,		/* u32, trial boots left (on trial only) */
	IMGAUTH_BOOT_A_CHECKS,		/* nest of nests of imgauth_check_attr */
	IMGAUTH_BOOT_A_KEY_STATE,	/* u32, enum imgauth_key_state */
	__IMGAUTH_BOOT_A_MAX
};
#define IMGAUTH_BOOT_A_MAX (__IMGAUTH_BOOT_A_MAX - 1)

/* Each entry of IMGAUTH_BOOT_A_CHECKS: one region verified, in order. */
enum imgauth_check_attr {
	IMGAUTH_CHECK_A_UNSPEC,
	IMGAUTH_CHECK_A_ROLE,		/* u32, enum imgauth_boot_role */
	IMGAUTH_CHECK_A_TARGET,		/* u32, enum imgauth_target */
	IMGAUTH_CHECK_A_STATUS,		/* u32, enum imgauth_status */
	IMGAUTH_CHECK_A_MESSAGE,	/* string, the verdict */
	IMGAUTH_CHECK_A_USED,		/* u64, bytes read (the recorded length) */
	__IMGAUTH_CHECK_A_MAX
};
#define IMGAUTH_CHECK_A_MAX (__IMGAUTH_CHECK_A_MAX - 1)

#define IMGAUTH_BOOT_FILE_MAX	64

/* Boot loader configuration, the "Save loader config" record. */
enum imgauth_ldrcfg_attr {
	IMGAUTH_LDRCFG_A_UNSPEC,
	IMGAUTH_LDRCFG_A_BOOT_FILE,	/* string, firmware file name */
	IMGAUTH_LDRCFG_A_SELF_IP,	/* binary, 4 bytes, network order */
	IMGAUTH_LDRCFG_A_TFTP_IP,	/* binary, 4 bytes, network order */
	IMGAUTH_LDRCFG_A_NETMASK,	/* binary, 4 bytes, network order */
	IMGAUTH_LDRCFG_A_GATEWAY,	/* binary, 4 bytes, network order */
	__IMGAUTH_LDRCFG_A_MAX
};
#define IMGAUTH_LDRCFG_A_MAX (__IMGAUTH_LDRCFG_A_MAX - 1)

#endif /* _UAPI_LINUX_IMGAUTH_H */
