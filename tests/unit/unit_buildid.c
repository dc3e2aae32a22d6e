// SPDX-License-Identifier: GPL-2.0
/*
 * BUILD-ID: the GNU build-id note among the kernel's ELF notes
 * (/sys/kernel/notes), and the line it becomes in the merge, the saved
 * file, the overlay and the JSON.  The real notes of Debian's kernels are
 * tested from files in tests/unit/run.sh (fixtures/notes/).
 */
#include <stdlib.h>

#include "unit.h"

/* The 20-byte ID of Debian 12's 6.1.0-57-amd64 (readelf -n vmlinux). */
static const char id20[] =
	"\x6a\x2b\x4a\xc7\x75\x85\xb8\xcf\x10\x2c"
	"\xba\x77\x13\x00\xe5\x73\xc8\x48\x9b\x69";
static const char hex20[] = "6a2b4ac77585b8cf102cba771300e573c8489b69";

/* A GNU note of type 3 whose descriptor is the n bytes at id. */
static size_t gnu_note(unsigned char *p, const char *id, size_t n)
{
	size_t len = note(p, 4, (uint32_t)n, 3, "GNU", NULL);

	memcpy(p + len, id, n);
	return len + ((n + 3) & ~(size_t)3);
}

static void test_notes_walk(void)
{
	unsigned char b[512] = { 0 };
	char hex[VIE_BUILD_ID_HEX_SIZE];
	bool be = host_is_big_endian();
	size_t len;

	/* As x86_64 kernels lay them out: Xen notes, GNU, Linux notes. */
	len = note(b, 4, 6, 6, "Xen", "linux");
	len += note(b + len, 4, 4, 7, "Xen", "2.6");
	len += gnu_note(b + len, id20, 20);
	len += note(b + len, 6, 4, 0x101, "Linux", "\1\1\0");
	len += note(b + len, 6, 15, 0x100, "Linux", "6.1.0-57-amd64");
	EXPECT_OK(build_id_from_notes(b, len, be, hex, err),
		  "build id: Xen, GNU and Linux notes");
	check(strcmp(hex, hex20) == 0, "build id: lowercase hex, 20 bytes",
	      NULL);
	check(build_id_valid(hex), "build id: valid as a BUILD-ID value",
	      NULL);

	/* A GNU note of another type (a property note) comes first. */
	len = note(b, 4, 4, 5, "GNU", "abc");
	len += gnu_note(b + len, id20, 20);
	EXPECT_OK(build_id_from_notes(b, len, be, hex, err),
		  "build id: GNU note of type 5 passed over");
	check(strcmp(hex, hex20) == 0, "build id: the type-3 note's", NULL);

	/* --build-id=md5 or uuid: 16 bytes, printed as they are. */
	len = gnu_note(b, id20, 16);
	EXPECT_OK(build_id_from_notes(b, len, be, hex, err),
		  "build id: 16 bytes");
	check(strlen(hex) == 32 && strncmp(hex, hex20, 32) == 0,
	      "build id: 16 bytes, 32 digits", NULL);

	/* The other byte order. */
	len = gnu_note(b, id20, 20);
	{
		unsigned char sw[64];
		size_t i;

		memcpy(sw, b, len);
		for (i = 0; i < 12; i += 4) {
			unsigned char t = sw[i];

			sw[i] = sw[i + 3];
			sw[i + 3] = t;
			t = sw[i + 1];
			sw[i + 1] = sw[i + 2];
			sw[i + 2] = t;
		}
		EXPECT_OK(build_id_from_notes(sw, len, !be, hex, err),
			  "build id: other byte order");
		check(strcmp(hex, hex20) == 0, "build id: other byte order, "
		      "same ID", NULL);
	}

	/* Damage: one error each, hex left empty. */
	len = note(b, 4, 6, 6, "Xen", "linux");
	EXPECT_FAIL(build_id_from_notes(b, len, be, hex, err),
		    "no GNU build-id note", "build id: no GNU note");
	check(hex[0] == '\0', "build id: nothing on failure", NULL);
	EXPECT_FAIL(build_id_from_notes(b, 0, be, hex, err),
		    "no GNU build-id note", "build id: no notes at all");
	EXPECT_FAIL(build_id_from_notes(b, 7, be, hex, err), "truncated",
		    "build id: truncated header");
	len = note(b, 4, 0xffffffffu, 3, "GNU", NULL);
	EXPECT_FAIL(build_id_from_notes(b, len, be, hex, err), "n_descsz",
		    "build id: n_descsz near 4 GiB");
	len = gnu_note(b, id20, 20);
	EXPECT_FAIL(build_id_from_notes(b, len - 1, be, hex, err), "n_descsz",
		    "build id: descriptor cut short");
	len = note(b, 0xfffffff0u, 20, 3, "GNU", NULL);
	EXPECT_FAIL(build_id_from_notes(b, 64, be, hex, err), "n_namesz",
		    "build id: n_namesz overrun");
	len = note(b, 4, 0, 3, "GNU", NULL);
	EXPECT_FAIL(build_id_from_notes(b, len, be, hex, err), "empty",
		    "build id: empty descriptor");
	len = note(b, 4, 65, 3, "GNU", NULL);
	EXPECT_FAIL(build_id_from_notes(b, len + 68, be, hex, err),
		    "65 bytes", "build id: 65 bytes is no build ID");
	len = note(b, 0, 4, 3, NULL, "abc");
	len += gnu_note(b + len, id20, 20);
	EXPECT_FAIL(build_id_from_notes(b, len, be, hex, err), "empty name",
		    "build id: a nameless note before it");
	/* An all-zero header ends the walk, as after VMCOREINFO. */
	memset(b, 0, 12);
	len = 12 + gnu_note(b + 12, id20, 20);
	EXPECT_FAIL(build_id_from_notes(b, len, be, hex, err),
		    "no GNU build-id note", "build id: not past a zero header");

	check(build_id_valid("00ff") && !build_id_valid("") &&
	      !build_id_valid("abc") && !build_id_valid("ABCD") &&
	      !build_id_valid("12 4") && !build_id_valid("0x12") &&
	      build_id_valid(hex20), "build id: valid values", NULL);
	{
		char big[2 * VIE_BUILD_ID_MAX + 3];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		check(!build_id_valid(big) &&
		      (big[2 * VIE_BUILD_ID_MAX] = '\0', build_id_valid(big)),
		      "build id: at most 64 bytes", NULL);
	}
}

/* A 4.18-like note: no BUILD-ID line. */
static const char old_note[] =
	"OSRELEASE=4.18.0\nPAGESIZE=4096\n"
	"SYMBOL(mem_section)=ffff888100001000\n"
	"NUMBER(phys_base)=5\nKERNELOFFSET=1000\n";
static const char module[] =
	"NUMBER(phys_base)=5\nNUMBER(MAX_PHYSMEM_BITS)=46\n"
	"NUMBER(page_offset_base)=-131391639519232\n";

static void test_merge_build_id(void)
{
	struct vmci_entry bid = { .key = "BUILD-ID", .value = (char *)hex20,
				  .origin = ORIGIN_NOTES };
	struct vmci_entry other = { .key = "BUILD-ID",
				    .value = "00112233445566778899",
				    .origin = ORIGIN_NOTES };
	struct vmcoreinfo k, k2;
	struct ext_entries x, saved;
	struct vie_buf out = { 0 }, sv = { 0 };
	struct merged m;
	char text[1024];

	EXPECT_OK(vmcoreinfo_parse(old_note, strlen(old_note),
				   VMCI_REQUIRE_OSRELEASE, &k, err),
		  "build id merge: note without BUILD-ID");
	EXPECT_OK(ext_parse(module, strlen(module), &x, err),
		  "build id merge: module entries");
	EXPECT_OK(merge_vmcoreinfo(&k, &x.vi, &bid, &m, err),
		  "build id merge: merge");
	check(m.added == 3 && m.count == k.count + 3 &&
	      strcmp(m.entries[k.count].key, "BUILD-ID") == 0 &&
	      strcmp(m.entries[k.count].value, hex20) == 0 &&
	      m.entries[k.count].origin == ORIGIN_NOTES &&
	      strcmp(m.entries[k.count + 1].key, "NUMBER(MAX_PHYSMEM_BITS)") == 0,
	      "build id merge: added once, after the kernel's lines, before "
	      "the module's", NULL);
	merged_text(&m, &out);
	buf_append(&out, "", 1);
	check(strncmp(out.data, old_note, strlen(old_note)) == 0 &&
	      strstr(out.data, "\nBUILD-ID=6a2b4ac77585b8cf102cba771300e573c8489b69\n"),
	      "build id merge: the kernel's format", NULL);
	buf_free(&out);
	EXPECT_OK(output_render(&m, FORMAT_MAKEDUMPFILE,
				&(struct output_sources){ "k", "m", "n" },
				&out, err), "build id merge: overlay");
	buf_append(&out, "", 1);
	check(strncmp(out.data, "OSRELEASE=4.18.0\nPAGESIZE=4096\nBUILD-ID=6a2b", 44) == 0,
	      "build id merge: the overlay carries it", NULL);
	buf_free(&out);
	EXPECT_OK(output_render(&m, FORMAT_JSON,
				&(struct output_sources){ "k", "m", "/n" },
				&out, err), "build id merge: json");
	buf_append(&out, "", 1);
	check(strstr(out.data, "\"BUILD-ID\": \"6a2b4ac77585b8cf102cba771300e573c8489b69\"") &&
	      strstr(out.data, "\"notes\": \"/n\"") &&
	      strstr(out.data, "\"BUILD-ID\": \"notes\""),
	      "build id merge: json value, origin notes, its source", NULL);
	buf_free(&out);
	merged_free(&m);

	/* The saved file carries it; the dump's merge takes it from there. */
	EXPECT_OK(saved_build(&k, &x, hex20, &sv, err),
		  "build id saved: written");
	buf_append(&sv, "", 1);
	check(strstr(sv.data, "\nOSRELEASE=4.18.0\nBUILD-ID=6a2b4ac77585b8cf102cba771300e573c8489b69\nKERNELOFFSET=1000\n") != NULL,
	      "build id saved: from the notes, among the identity keys", NULL);
	EXPECT_OK(ext_parse(sv.data, sv.len - 1, &saved, err),
		  "build id saved: parses");
	EXPECT_OK(saved_verify(&k, &saved, NULL, err),
		  "build id saved: verifies against a note without BUILD-ID");
	EXPECT_OK(saved_verify(&k, &saved, hex20, err),
		  "build id saved: ... and against the same notes");
	EXPECT_FAIL(saved_verify(&k, &saved, "00112233445566778899", err),
		    "BUILD-ID 6a2b4ac77585b8cf102cba771300e573c8489b69 (saved) "
		    "!= 00112233445566778899 (/sys/kernel/notes)",
		    "build id saved: another build's notes refuse it");
	EXPECT_OK(merge_vmcoreinfo(&k, &saved.vi, NULL, &m, err),
		  "build id saved: merge as amend does");
	check(m.added == 3 && strcmp(m.entries[k.count].key, "BUILD-ID") == 0 &&
	      m.entries[k.count].origin == ORIGIN_MODULE &&
	      strcmp(m.entries[k.count].value, hex20) == 0,
	      "build id saved: a dump without it gains it from the saved "
	      "file", NULL);
	merged_free(&m);
	EXPECT_OK(merge_vmcoreinfo(&k, &saved.vi, &bid, &m, err),
		  "build id saved: notes and saved file both");
	check(m.added == 3 && m.conflict_count == 0,
	      "build id saved: the same ID from both is added once", NULL);
	merged_free(&m);
	buf_free(&sv);

	/* A kernel line no kernel would print is no identity: the notes'. */
	snprintf(text, sizeof(text), "%sBUILD-ID=zz\n", old_note);
	EXPECT_OK(vmcoreinfo_parse(text, strlen(text), VMCI_REQUIRE_OSRELEASE,
				   &k2, err), "build id saved: bad kernel line");
	EXPECT_OK(saved_build(&k2, &x, hex20, &sv, err),
		  "build id saved: written for a bad kernel line");
	buf_append(&sv, "", 1);
	check(strstr(sv.data, "\nBUILD-ID=6a2b") && !strstr(sv.data, "zz"),
	      "build id saved: the notes' instead of a bad line", NULL);
	buf_free(&sv);
	vmcoreinfo_free(&k2);
	ext_free(&saved);

	/* 5.9+: the note has it.  Kept; another value is a conflict. */
	snprintf(text, sizeof(text), "%sBUILD-ID=%s\n", old_note, hex20);
	EXPECT_OK(vmcoreinfo_parse(text, strlen(text), VMCI_REQUIRE_OSRELEASE,
				   &k2, err), "build id merge: 5.9+ note");
	EXPECT_OK(merge_vmcoreinfo(&k2, &x.vi, &bid, &m, err),
		  "build id merge: the same from the notes");
	check(m.added == 2 && m.conflict_count == 0,
	      "build id merge: not added twice", NULL);
	merged_free(&m);
	EXPECT_OK(merge_vmcoreinfo(&k2, &x.vi, &other, &m, err),
		  "build id merge: another from the notes");
	check(m.added == 2 && m.conflict_count == 1 &&
	      strcmp(m.conflicts[0].key, "BUILD-ID") == 0 &&
	      strcmp(m.conflicts[0].kept_value, hex20) == 0 &&
	      m.conflicts[0].kept_origin == ORIGIN_KERNEL &&
	      m.conflicts[0].other_origin == ORIGIN_NOTES &&
	      strcmp(m.conflicts[0].other_value, "00112233445566778899") == 0,
	      "build id merge: the kernel's kept, the conflict recorded", NULL);
	merged_free(&m);
	EXPECT_OK(saved_build(&k2, &x, "00112233445566778899", &sv, err),
		  "build id saved: 5.9+ note");
	buf_append(&sv, "", 1);
	check(strstr(sv.data, hex20) && !strstr(sv.data, "0011223344"),
	      "build id saved: the note's line first", NULL);
	buf_free(&sv);
	vmcoreinfo_free(&k2);

	snprintf(text, sizeof(text), "%s\nOSRELEASE=4.18.0\nBUILD-ID=%s\n"
		 "NUMBER(a)=1\n", VIE_SAVED_MARKER, "6a2b4");
	EXPECT_FAIL(ext_parse(text, strlen(text), &saved, err), "bad value",
		    "build id saved: odd digit count refused");
	snprintf(text, sizeof(text), "%s\nOSRELEASE=4.18.0\nBUILD-ID=%s\n"
		 "NUMBER(a)=1\n", VIE_SAVED_MARKER, "6A2B");
	EXPECT_FAIL(ext_parse(text, strlen(text), &saved, err), "bad value",
		    "build id saved: upper case refused (the kernel prints "
		    "lower case)");
	ext_free(&x);
	vmcoreinfo_free(&k);
}

void test_build_id(void)
{
	test_notes_walk();
	test_merge_build_id();
}
