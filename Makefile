# SPDX-License-Identifier: GPL-2.0
#
# vmcoreinfo_ext top level.  The README's two commands wrap these targets
# (they also install the Debian packages the targets need):
#   scripts/demo.sh  -> make demo
#   scripts/check.sh -> make check
#
# Module against one kernel:  make module [KVER=6.1.0-56-amd64]
# DKMS install + boot load:   make dkms-install [KVER=...]   (root)

KVER    ?= $(shell uname -r)
KDIR    ?= /lib/modules/$(KVER)/build
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="*\([^"]*\)"*$$/\1/p' dkms.conf)

.PHONY: all module module-clean userspace userspace-static dkms-install \
	dkms-uninstall demo check test-unit test-module-build test-qemu test-e2e \
	test-arm64 test-distro-kernels \
	fuzz bench clean

all: userspace

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

module-clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

userspace:
	$(MAKE) -C userspace

userspace-static:
	$(MAKE) -C userspace static

# Copy the module source to /usr/src, build and install it with DKMS for
# KVER, and load it at every boot (modules-load.d).  Run it again (the
# tree changed) or for another KVER: what DKMS built of this version for
# KVER is removed first and built again from the new copy (first, because
# DKMS forgets a version whose last kernel goes); this version's builds for
# other kernels stay; it is added to DKMS only if it is not there.
DKMS_MOD := -m vmcoreinfo_ext -v $(VERSION)
dkms-install:
	if dkms status $(DKMS_MOD) -k $(KVER) 2>/dev/null | grep -q ': \(built\|installed\)'; then \
		dkms remove $(DKMS_MOD) -k $(KVER); fi
	rm -rf /usr/src/vmcoreinfo_ext-$(VERSION)
	mkdir -p /usr/src/vmcoreinfo_ext-$(VERSION)
	cp -r dkms.conf Kbuild module /usr/src/vmcoreinfo_ext-$(VERSION)/
	dkms status $(DKMS_MOD) 2>/dev/null | grep -q . || dkms add $(DKMS_MOD)
	dkms install $(DKMS_MOD) -k $(KVER)
	install -D -m 644 module/vmcoreinfo_ext.conf /etc/modules-load.d/vmcoreinfo_ext.conf

dkms-uninstall:
	-dkms remove $(DKMS_MOD) --all
	rm -rf /usr/src/vmcoreinfo_ext-$(VERSION) /etc/modules-load.d/vmcoreinfo_ext.conf

# QEMU demo: boot a real Debian kernel, load the DKMS-built module, print
# the published values and the merged VMCOREINFO.
demo:
	bash tests/qemu/demo.sh

test-unit:
	$(MAKE) -C userspace test fuzz-smoke

test-module-build:
	bash tests/module-build.sh

test-qemu:
	bash tests/qemu/run-module-tests.sh

test-e2e:
	bash tests/qemu/run-e2e-tests.sh

# arm64: Debian's arm64 6.1 and 5.10 under qemu-system-aarch64.
test-arm64:
	bash tests/qemu/run-arm64-tests.sh

# The distribution kernels of ../shared/kernels/*/boot/ (RHEL 8.10, Ubuntu
# 20.04): DKMS, module, live and kdump checks under QEMU.
test-distro-kernels:
	bash tests/qemu/run-distro-kernels.sh

# Every test; prints each suite's summary and a total "N passed, N failed".
check:
	bash tests/run-all.sh

fuzz:
	$(MAKE) -C userspace fuzz

bench:
	bash tests/bench/bench.sh

clean:
	$(MAKE) -C userspace clean
	rm -rf build *.o *.ko *.mod *.mod.c *.mod.o .*.cmd modules.order \
		Module.symvers module/*.o module/.*.cmd .tmp_versions
