# SPDX-License-Identifier: GPL-2.0
#
#   make            build kmod/imgauth.ko and userspace/imgauthctl
#   make demo       the ScreenOS image-key procedure, in a QEMU guest
#   make check      host unit and integration tests, then every guest test
#   make C=1 / W=1  sparse / extra warnings over the module (kbuild's own)
#   make install    tool, man page, bash completion, uapi header, the boot
#                   hook (initramfs-tools, systemd), module (install-tool,
#                   install-boot and install-module do the parts)
#   make KDIR=...   build against other kernel headers
#   make KERNEL=NAME  build the module for a supported kernel (scripts/kernels.conf)
#                   with its own headers and compiler, fetched into build/kernels;
#                   the module is build/kernels/NAME/mod/kmod/imgauth.ko
#   make check-kernels [KERNELS="NAME..."]  the portability tier on every
#                   supported kernel (default: the CHECK=yes ones)
#   make kernels    fetch (cached) every supported kernel
#   make check-long make check with the long variants (docs/reliability.md):
#                   power-cut sweeps on every operation, 50+ QEMU kills,
#                   every malformed image, long fuzzing, hostile input
#   make fuzz-long  only the fuzzers, FUZZ_LONG_SECONDS each (default 600),
#                   from the checked-in seed corpus (tests/fuzz/seeds)
#   make bench      the benchmarks against peer tools, written to
#                   docs/benchmarks.md (not a test: no timing is asserted)

IMGAUTH_VERSION ?= 0.1.0
export IMGAUTH_VERSION

KVER ?= $(shell scripts/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build

CC ?= cc
CFLAGS ?= -O2 -g
IA_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Iuapi -Ilib -Iuserspace -DIMGAUTH_VERSION='"$(IMGAUTH_VERSION)"'
# No -lcrypto: userspace/ossl_lib.c loads it on first use (see there);
# OpenSSL's headers are still needed to build.
LIBS := -lmnl -ldl -pthread

SHARED_SRCS := lib/ia_crc32.c lib/ia_der.c lib/ia_image.c lib/ia_image2.c lib/ia_stmt.c \
	lib/ia_journal.c lib/ia_nvrec.c lib/ia_bootrec.c lib/ia_keyslot.c \
	lib/ia_policy.c
TOOL_MAIN := userspace/imgauthctl.c
TOOL_SRCS := $(filter-out $(TOOL_MAIN),$(wildcard userspace/*.c))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)

# Normal build (the tool that ships and goes into the guest) and a
# sanitized build (what the host tests run).
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

BUILD ?= build
objs = $(patsubst %.c,$(BUILD)/$(1)/%.o,$(2))

.PHONY: all module tool asan unit fuzz check check-kernels kernels demo clean \
	distclean deps install install-tool install-boot install-module completion \
	dkms-install check-long fuzz-long bench
all: module tool

# A supported kernel by name: scripts/kernels.sh fetches it (once) and runs
# kbuild with its compiler, in its build root when it needs one.
KERNEL ?=
KERNELS ?= $(shell scripts/kernels.sh names --check)
KBUILD_FLAGS = $(if $(W),W=$(W)) $(if $(C),C=$(C)) $(if $(V),V=$(V))

ifneq ($(KERNEL),)
module:
	scripts/kernels.sh build $(KERNEL) modules $(KBUILD_FLAGS)
else
module:
	@test -n "$(KVER)" -o "$(origin KDIR)" = "command line" || { \
		echo "no kernel headers found: run scripts/deps.sh" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
endif

tool: userspace/imgauthctl

# A private BUILD= (helpers, CI shards) gets its own tool binary too.
$(BUILD)/imgauthctl: $(call objs,rel,$(TOOL_MAIN) $(TOOL_SRCS) $(SHARED_SRCS))
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

userspace/imgauthctl: $(call objs,rel,$(TOOL_MAIN) $(TOOL_SRCS) $(SHARED_SRCS))
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(IA_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(IA_CFLAGS) -O1 -g $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/asan/libimgauth.a: $(call objs,asan,$(TOOL_SRCS) $(SHARED_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/asan/imgauthctl: $(call objs,asan,$(TOOL_MAIN)) $(BUILD)/asan/libimgauth.a
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS)

# Some unit tests check against OpenSSL themselves, so they link it.
$(BUILD)/asan/tests/unit/%: $(BUILD)/asan/tests/unit/%.o $(BUILD)/asan/libimgauth.a
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS) -lcrypto

# Bash completion, written by the tool from the command table it parses
# with (userspace/completion.c).
COMPLETION := $(BUILD)/imgauthctl.bash
$(COMPLETION): userspace/imgauthctl
	userspace/imgauthctl completion bash > $@.tmp && mv $@.tmp $@
completion: $(COMPLETION)

asan: $(BUILD)/asan/imgauthctl
unit: $(patsubst %.c,$(BUILD)/asan/%,$(UNIT_SRCS))

# libFuzzer targets over the code shared with the kernel (clang only).
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
$(BUILD)/fuzz/%: tests/fuzz/%.c $(SHARED_SRCS)
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror -Iuapi -Ilib \
		-Iuserspace -Itests/unit \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $^
# The TFTP packet decoder is userspace's own, not shared with the kernel.
$(BUILD)/fuzz/fuzz_tftp_pkt: userspace/tftp_pkt.c
fuzz: $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))

# Every fuzzer for FUZZ_LONG_SECONDS from its checked-in seeds
# (tests/fuzz/seeds/NAME, never written to) and a scratch corpus
# (build/fuzz-corpus/NAME); prints libFuzzer's final stats (executions,
# new units) per fuzzer; a crash leaves its input in build/fuzz-artifacts
# and fails the target after the others ran.
FUZZ_LONG_SECONDS ?= 600
fuzz-long: fuzz
	@fail=0; mkdir -p $(BUILD)/fuzz-artifacts; \
	for t in $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRCS)); do \
		mkdir -p $(BUILD)/fuzz-corpus/$$t; \
		seeds=tests/fuzz/seeds/$$t; [ -d $$seeds ] || seeds=; \
		log=$(BUILD)/fuzz-long-$$t.log; \
		echo "== $$t: $(FUZZ_LONG_SECONDS) s"; \
		$(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_LONG_SECONDS) \
			-print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz-artifacts/$$t- \
			$(BUILD)/fuzz-corpus/$$t $$seeds >$$log 2>&1 || { \
			echo "$$t: FAILED, see $$log"; fail=1; }; \
		grep -E '^stat::(number_of_executed_units|new_units_added)|SUMMARY|Test unit written' $$log || true; \
	done; exit $$fail

deps:
	scripts/deps.sh

# Every tier on the default kernel, then the portability tier on 6.12.
check:
	scripts/deps.sh 6.12
	$(MAKE) all asan unit fuzz
	IMGAUTH_CHECK_KERNELS=6.12 tests/run.sh

# Every tier with the long variants (tests/run.sh --long).
check-long:
	scripts/deps.sh 6.12
	$(MAKE) all asan unit fuzz
	IMGAUTH_CHECK_KERNELS=6.12 tests/run.sh --long

# The portability tier (tests/run.sh, tier 5) on each of $(KERNELS).
check-kernels:
	scripts/deps.sh $(KERNELS)
	$(MAKE) tool
	tests/run.sh --only kernels --kernels "$(KERNELS)"

kernels:
	scripts/kernels.sh fetch all

demo:
	scripts/deps.sh
	$(MAKE) all
	scripts/demo.sh

# The benchmarks against peer tools (scripts/bench.sh; not a test).
bench:
	scripts/deps.sh
	$(MAKE) all
	scripts/bench.sh

install: install-tool install-boot install-module

# Where the boot hook goes: initramfs-tools' and systemd's package paths.
INITRAMFS_DIR ?= /usr/share/initramfs-tools
SYSTEMD_UNIT_DIR ?= /lib/systemd/system

install-tool: tool $(COMPLETION)
	install -D -m 0755 userspace/imgauthctl $(DESTDIR)/usr/sbin/imgauthctl
	install -D -m 0644 docs/imgauthctl.8 $(DESTDIR)/usr/share/man/man8/imgauthctl.8
	install -D -m 0644 $(COMPLETION) \
		$(DESTDIR)/usr/share/bash-completion/completions/imgauthctl
	install -D -m 0644 uapi/linux/imgauth.h $(DESTDIR)/usr/include/linux/imgauth.h

# The boot check at every boot: an initramfs-tools hook and boot script,
# and a systemd unit for systems whose initramfs does not run it.
install-boot:
	install -D -m 0755 packaging/initramfs-tools/hooks/imgauth \
		$(DESTDIR)$(INITRAMFS_DIR)/hooks/imgauth
	install -D -m 0755 packaging/initramfs-tools/scripts/local-premount/imgauth \
		$(DESTDIR)$(INITRAMFS_DIR)/scripts/local-premount/imgauth
	install -D -m 0644 packaging/systemd/imgauth-boot.service \
		$(DESTDIR)$(SYSTEMD_UNIT_DIR)/imgauth-boot.service

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

# clean keeps the fetched kernels (build/kernels, a few hundred MB from
# the archive) but not the modules built for them; distclean drops all.
clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	rm -rf build/kernels/*/mod
	find build -mindepth 1 -maxdepth 1 ! -name kernels -exec rm -rf {} + 2>/dev/null || true
	rm -f userspace/imgauthctl

distclean: clean
	rm -rf build

# Only the object trees: build/kernels holds unpacked Debian roots (whose
# /etc/*.d are directories).
-include $(shell find $(BUILD)/rel $(BUILD)/asan -name '*.d' -type f 2>/dev/null)
