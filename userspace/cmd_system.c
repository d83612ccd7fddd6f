// SPDX-License-Identifier: GPL-2.0
/*
 * "imgauthctl system": the device as ScreenOS "get system" shows it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ia_image.h"
#include "cli.h"
#include "cmd.h"
#include "commands.h"
#include "json.h"
#include "module.h"

struct region {
	uint32_t target, state, sw_version, date, cksum, erasesize, tries;
	uint64_t size, used, offset;
	bool have_hdr, trial;
};

struct status {
	char product[64], serial[64], hw[64], backend[64], modver[32];
	char hashes[160];
	uint8_t mac[6];
	uint32_t platform, cpu, active, key_state;
	bool require_key;
	uint32_t trial_boots, loader_check, policy_state, floor, counter;
	int mtd_index;		/* -1: RAM */
	bool locked, provisioned;
	struct region region[IMGAUTH_NTARGETS];
};

static bool get_u8(const struct nlattr *a)
{
	return a && mnl_attr_get_u8(a);
}

static void copy_str(char *dst, size_t n, const struct nlattr *a)
{
	snprintf(dst, n, "%s", a ? mnl_attr_get_str(a) : "");
}

static uint32_t get_u32(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

static int parse_region(struct status *s, const struct nlattr *nest)
{
	const struct nlattr *tb[IMGAUTH_REGION_A_MAX + 1];
	struct region *r;
	uint32_t t;

	if (nl_parse_nested(nest, tb, IMGAUTH_REGION_A_MAX) ||
	    !tb[IMGAUTH_REGION_A_TARGET])
		return -EPROTO;
	t = mnl_attr_get_u32(tb[IMGAUTH_REGION_A_TARGET]);
	if (t >= IMGAUTH_NTARGETS)
		return -EPROTO;
	r = &s->region[t];
	r->target = t;
	r->state = get_u32(tb[IMGAUTH_REGION_A_STATE]);
	r->erasesize = get_u32(tb[IMGAUTH_REGION_A_ERASESIZE]);
	r->size = tb[IMGAUTH_REGION_A_SIZE] ?
		  mnl_attr_get_u64(tb[IMGAUTH_REGION_A_SIZE]) : 0;
	r->used = tb[IMGAUTH_REGION_A_USED] ?
		  mnl_attr_get_u64(tb[IMGAUTH_REGION_A_USED]) : 0;
	r->have_hdr = tb[IMGAUTH_REGION_A_SW_VERSION];
	r->sw_version = get_u32(tb[IMGAUTH_REGION_A_SW_VERSION]);
	r->date = get_u32(tb[IMGAUTH_REGION_A_DATE]);
	r->cksum = get_u32(tb[IMGAUTH_REGION_A_CKSUM]);
	r->offset = tb[IMGAUTH_REGION_A_OFFSET] ?
		    mnl_attr_get_u64(tb[IMGAUTH_REGION_A_OFFSET]) : 0;
	r->trial = get_u8(tb[IMGAUTH_REGION_A_TRIAL]);
	r->tries = get_u32(tb[IMGAUTH_REGION_A_TRIES]);
	return 0;
}

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IMGAUTH_A_MAX + 1];
	const struct nlattr *sys[IMGAUTH_SYS_A_MAX + 1];
	const struct nlattr *nest;
	struct status *s = data;

	if (nl_parse(nlh, tb, IMGAUTH_A_MAX) || !tb[IMGAUTH_A_SYSTEM] ||
	    nl_parse_nested(tb[IMGAUTH_A_SYSTEM], sys, IMGAUTH_SYS_A_MAX))
		return -EPROTO;
	copy_str(s->product, sizeof(s->product), sys[IMGAUTH_SYS_A_PRODUCT]);
	copy_str(s->serial, sizeof(s->serial), sys[IMGAUTH_SYS_A_SERIAL]);
	copy_str(s->hw, sizeof(s->hw), sys[IMGAUTH_SYS_A_HW_VERSION]);
	copy_str(s->backend, sizeof(s->backend), sys[IMGAUTH_SYS_A_BACKEND]);
	copy_str(s->modver, sizeof(s->modver), sys[IMGAUTH_SYS_A_MODULE_VERSION]);
	copy_str(s->hashes, sizeof(s->hashes), sys[IMGAUTH_SYS_A_HASH_DRIVERS]);
	if (sys[IMGAUTH_SYS_A_MAC] &&
	    mnl_attr_get_payload_len(sys[IMGAUTH_SYS_A_MAC]) == 6)
		memcpy(s->mac, mnl_attr_get_payload(sys[IMGAUTH_SYS_A_MAC]), 6);
	s->platform = get_u32(sys[IMGAUTH_SYS_A_PLATFORM]);
	s->cpu = get_u32(sys[IMGAUTH_SYS_A_CPU]);
	s->active = get_u32(sys[IMGAUTH_SYS_A_ACTIVE]);
	s->key_state = get_u32(sys[IMGAUTH_SYS_A_KEY_STATE]);
	s->require_key = get_u8(sys[IMGAUTH_SYS_A_REQUIRE_KEY]);
	s->trial_boots = get_u32(sys[IMGAUTH_SYS_A_TRIAL_BOOTS]);
	s->loader_check = get_u32(sys[IMGAUTH_SYS_A_LOADER_CHECK]);
	s->mtd_index = sys[IMGAUTH_SYS_A_MTD_INDEX] ?
		       (int)mnl_attr_get_u32(sys[IMGAUTH_SYS_A_MTD_INDEX]) : -1;
	s->policy_state = get_u32(sys[IMGAUTH_SYS_A_POLICY_STATE]);
	s->locked = get_u8(sys[IMGAUTH_SYS_A_LOCKED]);
	s->provisioned = get_u8(sys[IMGAUTH_SYS_A_PROVISIONED]);
	s->floor = get_u32(sys[IMGAUTH_SYS_A_FLOOR]);
	s->counter = get_u32(sys[IMGAUTH_SYS_A_STMT_COUNTER]);
	if (tb[IMGAUTH_A_REGIONS]) {
		mnl_attr_for_each_nested(nest, tb[IMGAUTH_A_REGIONS]) {
			int ret = parse_region(s, nest);

			if (ret)
				return ret;
		}
	}
	return 0;
}

static const char *const target_names[] = { "loader", "image0", "image1" };

static const char *region_state(uint32_t state)
{
	switch (state) {
	case IMGAUTH_REGION_EMPTY:
		return "empty";
	case IMGAUTH_REGION_STAGED:
		return "staged";
	case IMGAUTH_REGION_VALID:
		return "valid";
	}
	return "unknown";
}

static const char *key_text(const struct status *s)
{
	switch (s->key_state) {
	case IMGAUTH_KEY_PRESENT:
		return "installed";
	case IMGAUTH_KEY_DAMAGED:
		return "DAMAGED (install or delete the image key)";
	}
	return s->require_key ? "none (installs refused: key required)" :
				"none (" IA_MSG_NO_AUTH ")";
}

static void version_of(const struct region *r, char *buf, size_t n)
{
	if (r->state == IMGAUTH_REGION_EMPTY || !r->have_hdr)
		snprintf(buf, n, "none");
	else
		ia_sw_version_str(buf, n, r->sw_version);
}

static void print_text(const struct status *s)
{
	const struct region *act = s->active < IMGAUTH_NTARGETS ?
				   &s->region[s->active] : NULL;
	char ver[32], ldr[32], when[32];
	int i;

	version_of(act ? act : &s->region[IMGAUTH_TARGET_IMAGE0], ver, sizeof(ver));
	if (!act)
		snprintf(ver, sizeof(ver), "none");
	version_of(&s->region[IMGAUTH_TARGET_LOADER], ldr, sizeof(ldr));
	printf("Product Name: %s\n", s->product);
	printf("Serial Number: %s, Control Number: 00000000\n", s->serial);
	printf("Hardware Version: %s, MAC: %02x%02x-%02x%02x-%02x%02x\n", s->hw,
	       s->mac[0], s->mac[1], s->mac[2], s->mac[3], s->mac[4], s->mac[5]);
	printf("Platform: %u, CPU: %u, Flash: %s\n", s->platform, s->cpu,
	       s->backend);
	printf("Software Version: %s%s%s%s\n", ver, act ? " (" : "",
	       act ? target_names[s->active] : "", act ? ")" : "");
	printf("OS Loader Version: %s\n", ldr);
	printf("Image Key: %s%s%s\n", key_text(s), s->locked ? ", locked" : "",
	       s->provisioned ? ", provisioned" : "");
	if (s->policy_state == IMGAUTH_POLICY_DAMAGED)
		printf("Key Policy: DAMAGED (treated as locked and provisioned)\n");
	ia_sw_version_str(ldr, sizeof(ldr), s->floor);
	printf("Anti-rollback Floor: %s\n", s->floor ? ldr : "none");
	printf("Boot: %u trial boots per new image, boot loader verified at %s\n",
	       s->trial_boots,
	       s->loader_check == IMGAUTH_LOADER_CHECK_BOOT ? "install and boot" :
							       "install");
	printf("Flash Regions:\n");
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		const struct region *r = &s->region[i];
		time_t t = r->date;
		struct tm tm;

		printf("  %-7s %-6s", target_names[i], region_state(r->state));
		if (r->state != IMGAUTH_REGION_EMPTY) {
			version_of(r, ver, sizeof(ver));
			gmtime_r(&t, &tm);
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%SZ", &tm);
			printf(" %s, %llu bytes, cksum %08x, built %s", ver,
			       (unsigned long long)r->used, r->cksum, when);
		}
		if (i == (int)s->active)
			printf(", active (primary)");
		if (r->trial)
			printf(", on trial (%u boots left)", r->tries);
		else if (i != IMGAUTH_TARGET_LOADER &&
			 r->state == IMGAUTH_REGION_VALID)
			printf(", default");
		printf("  [%llu KiB]\n", (unsigned long long)r->size / 1024);
	}
	printf("imgauth module %s, hashes %s\n", s->modver,
	       s->hashes[0] ? s->hashes : "unknown");
}

static void print_json(const struct status *s)
{
	struct json j;
	char buf[32];
	int i;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "product", s->product);
	json_str(&j, "serial", s->serial);
	json_str(&j, "hw_version", s->hw);
	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", s->mac[0],
		 s->mac[1], s->mac[2], s->mac[3], s->mac[4], s->mac[5]);
	json_str(&j, "mac", buf);
	json_u64(&j, "platform", s->platform);
	json_u64(&j, "cpu", s->cpu);
	json_str(&j, "flash", s->backend);
	if (s->active < IMGAUTH_NTARGETS)
		json_str(&j, "active", target_names[s->active]);
	else
		json_null(&j, "active");
	json_str(&j, "key", s->key_state == IMGAUTH_KEY_PRESENT ? "installed" :
		 s->key_state == IMGAUTH_KEY_DAMAGED ? "damaged" : "none");
	json_bool(&j, "require_key", s->require_key);
	json_bool(&j, "locked", s->locked);
	json_bool(&j, "provisioned", s->provisioned);
	json_str(&j, "key_policy", s->policy_state == IMGAUTH_POLICY_DAMAGED ?
		 "damaged" : s->policy_state == IMGAUTH_POLICY_OK ? "ok" :
		 "default");
	if (s->floor) {
		ia_sw_version_str(buf, sizeof(buf), s->floor);
		json_str(&j, "floor", buf);
	} else {
		json_null(&j, "floor");
	}
	json_u64(&j, "statement_counter", s->counter);
	json_u64(&j, "trial_boots", s->trial_boots);
	json_str(&j, "loader_check",
		 s->loader_check == IMGAUTH_LOADER_CHECK_BOOT ? "boot" : "install");
	if (s->mtd_index >= 0)
		json_u64(&j, "mtd", (uint64_t)s->mtd_index);
	else
		json_null(&j, "mtd");
	json_str(&j, "module_version", s->modver);
	json_str(&j, "hash_drivers", s->hashes);
	json_arr_begin(&j, "regions");
	for (i = 0; i < IMGAUTH_NTARGETS; i++) {
		const struct region *r = &s->region[i];

		json_obj_begin(&j, NULL);
		json_str(&j, "name", target_names[i]);
		json_str(&j, "state", region_state(r->state));
		json_bool(&j, "active", i == (int)s->active);
		json_u64(&j, "size", r->size);
		json_u64(&j, "used", r->used);
		json_u64(&j, "erasesize", r->erasesize);
		json_u64(&j, "offset", r->offset);
		json_bool(&j, "trial", r->trial);
		json_u64(&j, "tries", r->tries);
		if (r->state != IMGAUTH_REGION_EMPTY && r->have_hdr) {
			ia_sw_version_str(buf, sizeof(buf), r->sw_version);
			json_str(&j, "sw_version", buf);
			json_u64(&j, "date", r->date);
			json_u64(&j, "cksum", r->cksum);
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
}

static int system_show(const struct cmd_args *a)
{
	struct status s;
	int rc;

	(void)a;
	memset(&s, 0, sizeof(s));
	s.active = IMGAUTH_TARGET_NONE;
	rc = module_request(IMGAUTH_CMD_STATUS, "system", status_cb, &s);
	if (rc)
		return rc;
	if (opt_json)
		print_json(&s);
	else
		print_text(&s);
	return EXIT_OK;
}

const struct cmd cmd_system = {
	.name = "system",
	.summary = "the device, like ScreenOS \"get system\"",
	.help = "  Identity, software and loader versions, image key state and flash\n"
		"  regions.",
	.run = system_show,
};
