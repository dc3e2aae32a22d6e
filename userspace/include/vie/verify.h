/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a dump's VMCOREINFO carries: the entries its architecture needs
 * (those the vmcoreinfo_ext module publishes there), which of them the
 * kernel wrote and which vmcoreinfo-ext amend added, as the amend record
 * says.  The amend record is the undo record amend writes with every
 * amend (in place, and on its way with --stream): it holds the header
 * bytes as they were, which point at the dump's own note, still there.
 */
#ifndef VIE_VERIFY_H
#define VIE_VERIFY_H

#include "vie/dumpfile.h"
#include "vie/vmcoreinfo.h"

enum amend_state {
	AMEND_RECORD_NONE,		/* not amended (no record) */
	AMEND_RECORD_INTACT,		/* amended; the record and the
					 * dump's own note are as amend left
					 * them */
	AMEND_RECORD_INTERRUPTED,	/* an amend cut short: the dump
					 * reads as before it */
	AMEND_RECORD_CHANGED,		/* the header changed since */
	AMEND_RECORD_DAMAGED,		/* the record or the note it points
					 * at is not as amend left it */
};

struct amend_info {
	enum amend_state state;
	char detail[256];		/* CHANGED, DAMAGED: what is wrong */
	struct vmcoreinfo original;	/* INTACT: the note before amend */
};

/* "not amended", "amend record intact", ... */
const char *amend_state_name(enum amend_state state);
/*
 * Read df's amend record and, where it is intact, the note it points at.
 * Only an error reading the file fails; whatever the record says is
 * ai->state.  `now` is the note df reads as now (parsed).
 */
int dump_amend_info(const struct dumpfile *df, const struct vmcoreinfo *now,
		    struct amend_info *ai, struct vie_error *err);
void amend_info_free(struct amend_info *ai);
/* Did amend add this line (the note before amend lacks its key)? */
bool amend_info_added(const struct amend_info *ai, const struct vmci_entry *e);

/*
 * The dump's architecture: "x86_64" or "arm64" from its header (ELF
 * e_machine, kdump utsname machine), else from its note (lines only one
 * of them prints); NULL when neither says.
 */
const char *dump_arch(const struct dumpfile *df, const struct vmcoreinfo *note);
/* The entries the module publishes on arch, NULL-terminated. */
const char *const *arch_needed_keys(const char *arch);

struct verify_report {
	const char *format;		/* dumpfile_describe() */
	const char *arch;		/* NULL: unknown */
	char release[66];
	size_t needed;			/* entries the architecture needs */
	size_t kernel, added, missing;	/* of them: the kernel's own, added
					 * by amend, missing */
	char added_keys[640];		/* the needed entries amend added:
					 * "K1 K2 ..." */
	char extra_keys[256];		/* the other lines amend added (a
					 * saved file's BUILD-ID) */
	char missing_keys[640];
	char kernel_keys[640];
	char needed_keys[640];
	struct amend_info ai;
};

/*
 * Everything verify says about df.  A dump of unknown architecture is an
 * error (REFUSED): nothing says which entries it needs.
 */
int verify_dump(const struct dumpfile *df, struct verify_report *r,
		struct vie_error *err);
void verify_report_free(struct verify_report *r);

#endif /* VIE_VERIFY_H */
