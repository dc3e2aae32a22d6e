/* SPDX-License-Identifier: GPL-2.0 */
/* What the unit test files share (defined in unit_tests.c). */
#ifndef VIE_UNIT_H
#define VIE_UNIT_H

#include <stdio.h>
#include <string.h>

#include "vmcoreinfo_ext.h"

extern int passed, failed;

/* One "ok"/"not ok" line; err's message is shown on failure. */
void check(bool cond, const char *what, const struct vie_error *err);
/* An ELF note at p (host byte order): header, name padded to 4 bytes,
 * desc (a string, without its NUL) padded to 4; returns its size. */
size_t note(unsigned char *p, uint32_t namesz, uint32_t descsz,
	    uint32_t type, const char *name, const char *desc);

/* The call failed and its message contains `text`. */
#define EXPECT_FAIL(call, text, what) do { \
	struct vie_error e_ = { .source = "" }; \
	struct vie_error *err = &e_; \
	int rc_ = (call); \
	check(rc_ != 0 && strstr(e_.message, (text)) != NULL, (what), &e_); \
} while (0)

#define EXPECT_OK(call, what) do { \
	struct vie_error e_ = { .source = "" }; \
	struct vie_error *err = &e_; \
	int rc_ = (call); \
	check(rc_ == 0, (what), &e_); \
} while (0)

void test_build_id(void);
void test_contract(void);

#endif
