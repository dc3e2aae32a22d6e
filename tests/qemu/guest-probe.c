// SPDX-License-Identifier: GPL-2.0
/*
 * guest-probe: ground truth for the QEMU tests, read from the kernel itself
 * and deliberately independent of vmcoreinfo_ext and of the userspace
 * reader under test.  Runs inside the guest, built static.
 *
 *   guest-probe kread [--dec] VADDR  8 bytes at kernel address VADDR, read
 *                                     through /proc/kcore's PT_LOADs; printed
 *                                     as 0x%016lx, or %ld with --dec
 *   guest-probe knote                the VMCOREINFO note text of /proc/kcore
 *   guest-probe note FILE            the VMCOREINFO note text of the ELF core
 *                                     FILE, e.g. /proc/vmcore in a kdump
 *                                     kernel: the crashed kernel's own note
 *   guest-probe access UID PATH...   as UID (and gid UID), open+read each
 *                                     PATH; prints "PATH OK|E<name>"
 *   guest-probe kload                /proc/kcore's PT_LOADs, one a line:
 *                                     "0x<start> 0x<end> 0x<paddr> 0x<delta>"
 *                                     (%016lx, end = start + memsz, delta =
 *                                     start - paddr)
 *   guest-probe vmemmap PHYS_OFFSET VA_BITS
 *                                     "0x<VMEMMAP_START> 0x<VMEMMAP_END>" of
 *                                     an arm64 kernel (sparsemem vmemmap,
 *                                     64-byte struct page, 4 KiB pages) from
 *                                     the struct page segments of /proc/kcore
 *   guest-probe as UID PROG ARG...   run PROG as UID (and gid UID), with no
 *                                     supplementary groups
 *   guest-probe core TEXT OUT        write OUT, an ELF64 core whose one
 *                                     PT_NOTE holds a VMCOREINFO note with
 *                                     the text of the file TEXT (and the
 *                                     final empty note): a kcore of a
 *                                     kernel whose note says TEXT, for the
 *                                     reader's --root
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KCORE "/proc/kcore"
#define MAX_PHDRS 4096

static int die(const char *what)
{
	fprintf(stderr, "guest-probe: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The program headers of the ELF64 core PATH (open as fd). */
static Elf64_Phdr *core_phdrs(int fd, const char *path, unsigned int *n)
{
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;

	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh))
		die(path);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 ||
	    eh.e_phnum > MAX_PHDRS) {
		fprintf(stderr, "guest-probe: %s: unexpected ELF header\n", path);
		exit(1);
	}
	ph = calloc(eh.e_phnum, sizeof(*ph));
	if (!ph)
		die("calloc");
	if (pread(fd, ph, eh.e_phnum * sizeof(*ph), (off_t)eh.e_phoff) !=
	    (ssize_t)(eh.e_phnum * sizeof(*ph)))
		die(path);
	*n = eh.e_phnum;
	return ph;
}

static int cmd_kread(int argc, char **argv)
{
	unsigned int i, n;
	Elf64_Phdr *ph;
	uint64_t addr, val;
	int dec = 0, fd;

	if (argc > 1 && !strcmp(argv[1], "--dec")) {
		dec = 1;
		argv++;
		argc--;
	}
	if (argc != 2)
		return 2;
	addr = strtoull(argv[1], NULL, 0);
	fd = open(KCORE, O_RDONLY);
	if (fd < 0)
		die(KCORE);
	ph = core_phdrs(fd, KCORE, &n);
	for (i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD || addr < ph[i].p_vaddr ||
		    addr - ph[i].p_vaddr > ph[i].p_filesz - sizeof(val) ||
		    ph[i].p_filesz < sizeof(val))
			continue;
		if (pread(fd, &val, sizeof(val),
			  (off_t)(ph[i].p_offset + (addr - ph[i].p_vaddr))) !=
		    (ssize_t)sizeof(val))
			die(KCORE " read");
		if (dec)
			printf("%" PRId64 "\n", (int64_t)val);
		else
			printf("0x%016" PRIx64 "\n", val);
		return 0;
	}
	fprintf(stderr, "guest-probe: 0x%" PRIx64 " is in no " KCORE " PT_LOAD\n", addr);
	return 1;
}

/*
 * The VMCOREINFO note of the ELF core PATH, walking every PT_NOTE segment:
 * /proc/kcore has one (since v4.19), /proc/vmcore one that merges the
 * crashed kernel's notes (per-CPU PRSTATUS, then VMCOREINFO).
 */
static int cmd_note(const char *path)
{
	unsigned int i, n;
	Elf64_Phdr *ph;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	ph = core_phdrs(fd, path, &n);
	for (i = 0; i < n; i++) {
		size_t off = 0, len = ph[i].p_filesz;

		if (ph[i].p_type != PT_NOTE || len > (1u << 20))
			continue;
		buf = malloc(len);
		if (!buf)
			die("malloc");
		if (pread(fd, buf, len, (off_t)ph[i].p_offset) != (ssize_t)len)
			die(path);
		while (len - off >= sizeof(Elf64_Nhdr)) {
			Elf64_Nhdr nh;
			size_t name = off + sizeof(nh), desc, next;

			memcpy(&nh, buf + off, sizeof(nh));
			desc = name + ((nh.n_namesz + 3u) & ~3u);
			next = desc + ((nh.n_descsz + 3u) & ~3u);
			if (desc > len || next > len || next <= off)
				break;
			if (nh.n_namesz == 11 && !memcmp(buf + name, "VMCOREINFO", 11)) {
				fwrite(buf + desc, 1, nh.n_descsz, stdout);
				return 0;
			}
			off = next;
		}
		free(buf);
	}
	fprintf(stderr, "guest-probe: %s: no VMCOREINFO note\n", path);
	return 1;
}

static void become(const char *id)
{
	uid_t uid = (uid_t)strtoul(id, NULL, 10);

	if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		die("setresuid");
}

static int cmd_access(int argc, char **argv)
{
	int i;

	if (argc < 3)
		return 2;
	become(argv[1]);
	for (i = 2; i < argc; i++) {
		char c;
		int fd = open(argv[i], O_RDONLY);

		if (fd >= 0 && read(fd, &c, 1) < 0) {
			int err = errno;

			close(fd);
			fd = -1;
			errno = err;
		}
		if (fd >= 0) {
			printf("%s OK\n", argv[i]);
			close(fd);
		} else {
			printf("%s %s\n", argv[i], errno == EACCES ? "EACCES" :
			       errno == EPERM ? "EPERM" : strerror(errno));
		}
	}
	return 0;
}

static int cmd_kload(void)
{
	unsigned int i, n;
	Elf64_Phdr *ph;
	int fd;

	fd = open(KCORE, O_RDONLY);
	if (fd < 0)
		die(KCORE);
	ph = core_phdrs(fd, KCORE, &n);
	for (i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD)
			printf("0x%016" PRIx64 " 0x%016" PRIx64 " 0x%016" PRIx64
			       " 0x%016" PRIx64 "\n", (uint64_t)ph[i].p_vaddr,
			       (uint64_t)(ph[i].p_vaddr + ph[i].p_memsz),
			       (uint64_t)ph[i].p_paddr,
			       (uint64_t)(ph[i].p_vaddr - ph[i].p_paddr));
	return 0;
}

/*
 * fs/proc/kcore.c gives every System RAM range a KCORE_RAM segment (its
 * p_paddr is the range's physical address) and, with
 * CONFIG_SPARSEMEM_VMEMMAP, a KCORE_VMEMMAP segment covering the range's
 * struct pages (p_paddr -1): it starts at pfn_to_page(first pfn) rounded
 * down to a page.  arm64's vmemmap is VMEMMAP_START - (memstart_addr >>
 * PAGE_SHIFT), and memstart_addr is PHYS_OFFSET, so for a RAM range at
 * paddr:  VMEMMAP_START = seg_start - ((paddr - PHYS_OFFSET) >> 12) * 64.
 * With KASLR, arm64 also randomises the linear map by lowering
 * memstart_addr, below 0 (5.10: PHYS_OFFSET 0xffffe25080000000 seen here):
 * the arithmetic is modulo 2^64, as the kernel's.
 * VMEMMAP_END is VMEMMAP_START plus the struct pages of the whole linear
 * map, 2^(VA_BITS - 1) bytes (arm64's VMEMMAP_SIZE).
 * The segment of a range is the one (p_paddr -1) whose size is the range's
 * struct pages rounded to pages; the lowest RAM range is used (the kernel
 * text segment has a p_paddr too, inside RAM: on a tie the larger wins).
 */
static int cmd_vmemmap(int argc, char **argv)
{
	uint64_t phys_offset, va_bits, pages, want, start;
	const Elf64_Phdr *ram = NULL;
	unsigned int i, n;
	Elf64_Phdr *ph;
	int fd;

	if (argc != 3)
		return 2;
	phys_offset = strtoull(argv[1], NULL, 0);
	va_bits = strtoull(argv[2], NULL, 0);
	if (va_bits < 36 || va_bits > 52)
		return 2;
	fd = open(KCORE, O_RDONLY);
	if (fd < 0)
		die(KCORE);
	ph = core_phdrs(fd, KCORE, &n);
	for (i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_paddr != (uint64_t)-1 &&
		    (!ram || ph[i].p_paddr < ram->p_paddr ||
		     (ph[i].p_paddr == ram->p_paddr && ph[i].p_memsz > ram->p_memsz)))
			ram = &ph[i];
	if (!ram) {
		fprintf(stderr, "guest-probe: no RAM segment in " KCORE "\n");
		return 1;
	}
	pages = ram->p_memsz >> 12;
	want = (pages * 64 + 4095) & ~(uint64_t)4095;
	for (i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_paddr != (uint64_t)-1 ||
		    ph[i].p_memsz != want)
			continue;
		start = ph[i].p_vaddr - ((ram->p_paddr - phys_offset) >> 12) * 64;
		printf("0x%016" PRIx64 " 0x%016" PRIx64 "\n", start,
		       (uint64_t)(start + ((UINT64_C(1) << (va_bits - 1)) >> 12) * 64));
		return 0;
	}
	fprintf(stderr, "guest-probe: no struct page segment of 0x%" PRIx64
		" bytes in " KCORE "\n", want);
	return 1;
}

static int cmd_core(const char *text_path, const char *out)
{
	static char text[1 << 20];
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph = { 0 };
	Elf64_Nhdr nh = { 0 };
	static const char zeros[16];
	size_t len = 0, pad;
	ssize_t n;
	FILE *f;
	int fd;

	fd = open(text_path, O_RDONLY);
	if (fd < 0)
		die(text_path);
	while ((n = read(fd, text + len, sizeof(text) - len)) > 0)
		len += (size_t)n;
	if (n < 0)
		die(text_path);
	close(fd);
	pad = (4 - len % 4) % 4;
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(ph);
	eh.e_phnum = 1;
	ph.p_type = PT_NOTE;
	ph.p_offset = sizeof(eh) + sizeof(ph);
	ph.p_filesz = sizeof(nh) + 12 + len + pad + sizeof(nh);
	nh.n_namesz = 11;
	nh.n_descsz = (Elf64_Word)len;
	f = fopen(out, "w");
	if (!f)
		die(out);
	if (fwrite(&eh, sizeof(eh), 1, f) != 1 || fwrite(&ph, sizeof(ph), 1, f) != 1 ||
	    fwrite(&nh, sizeof(nh), 1, f) != 1 || fwrite("VMCOREINFO\0\0", 12, 1, f) != 1 ||
	    (len && fwrite(text, len, 1, f) != 1) || fwrite(zeros, 1, pad, f) != pad ||
	    fwrite(zeros, 12, 1, f) != 1 || fclose(f))
		die(out);
	return 0;
}

int main(int argc, char **argv)
{
	int ret = 2;

	if (argc >= 2 && !strcmp(argv[1], "kread"))
		ret = cmd_kread(argc - 1, argv + 1);
	else if (argc == 2 && !strcmp(argv[1], "knote"))
		ret = cmd_note(KCORE);
	else if (argc == 3 && !strcmp(argv[1], "note"))
		ret = cmd_note(argv[2]);
	else if (argc >= 2 && !strcmp(argv[1], "access"))
		ret = cmd_access(argc - 1, argv + 1);
	else if (argc == 2 && !strcmp(argv[1], "kload"))
		ret = cmd_kload();
	else if (argc >= 2 && !strcmp(argv[1], "vmemmap"))
		ret = cmd_vmemmap(argc - 1, argv + 1);
	else if (argc == 4 && !strcmp(argv[1], "core"))
		ret = cmd_core(argv[2], argv[3]);
	else if (argc >= 4 && !strcmp(argv[1], "as")) {
		become(argv[2]);
		execvp(argv[3], argv + 3);
		fprintf(stderr, "guest-probe: %s: %s\n", argv[3], strerror(errno));
		return 127;	/* as a shell says "not run", never PROG's 1 */
	}
	if (ret == 2)
		fprintf(stderr, "usage: guest-probe kread [--dec] VADDR | knote | "
			"note FILE | access UID PATH... | as UID PROG ARG... | "
			"kload | vmemmap PHYS_OFFSET VA_BITS | core TEXT OUT\n");
	return ret;
}
