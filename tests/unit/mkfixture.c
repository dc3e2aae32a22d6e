// SPDX-License-Identifier: GPL-2.0
/*
 * mkfixture: build a binary test file from a short text spec, so that
 * what a fixture holds (and how it is damaged) is read in the spec, not
 * in the code that writes it (after libkdumpfile's test data).
 *
 *   mkfixture NOTE_TEXT SPEC OUT [NAME=VALUE...]
 *
 * A spec is lines of:
 *   # comment              (also after a statement)
 *   !anything              an expectation for tests/unit/run.sh; ignored
 *   name:                  a label: the current offset
 *   .le | .be              byte order of the numbers that follow (le)
 *   .org EXPR              move to EXPR
 *   .u8/.u16/.u32/.u64 EXPR[, EXPR...]
 *   .ascii "..."           bytes; escapes \n \t \0 \\ \" \xHH
 *   .zero N | .fill N, BYTE | .align N
 *   .text                  the note text (NOTE_TEXT)
 *   .vmcoreinfo            a VMCOREINFO note holding the note text:
 *                          namesz 11, descsz, type 0, name, text, padding
 *   .size EXPR             the file is at least EXPR bytes (a sparse end)
 *   .set NAME, EXPR        a symbol
 *   .default NAME, EXPR    a symbol, unless already set (includes use it)
 *   .include FILE          another spec (a relative FILE: to this one)
 * EXPR is terms joined by + and -: numbers (decimal, 0x), labels,
 * symbols, text_len (the note text's length).  Labels may be used before
 * they are defined, except where they would move the offset.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SYMS	256
#define MAX_DEPTH	4

struct sym {
	char name[48];
	uint64_t value;
	bool defined;
};

static struct {
	struct sym syms[MAX_SYMS];
	size_t nsyms;
	const char *text;
	size_t text_len;
	int fd;			/* -1 in the first pass */
	uint64_t pos, end, size;
	bool be;
	int pass;
	const char *file;
	int line;
} as;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						     noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkfixture: %s:%d: ", as.file, as.line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static struct sym *sym_find(const char *name, bool create)
{
	size_t i;

	for (i = 0; i < as.nsyms; i++)
		if (strcmp(as.syms[i].name, name) == 0)
			return &as.syms[i];
	if (!create)
		return NULL;
	if (as.nsyms == MAX_SYMS || strlen(name) >= sizeof(as.syms[0].name))
		die("too many symbols or name too long: %s", name);
	snprintf(as.syms[as.nsyms].name, sizeof(as.syms[0].name), "%s", name);
	return &as.syms[as.nsyms++];
}

static void emit(const void *p, size_t len)
{
	if (as.fd >= 0 && len &&
	    pwrite(as.fd, p, len, (off_t)as.pos) != (ssize_t)len)
		die("write: %s", strerror(errno));
	as.pos += len;
	if (as.pos > as.end)
		as.end = as.pos;
}

static void emit_int(uint64_t v, int bytes)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < bytes; i++)
		b[as.be ? bytes - 1 - i : i] = (unsigned char)(v >> (8 * i));
	emit(b, (size_t)bytes);
}

static char *skip(char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* One term; *known is cleared if it names a label not yet defined. */
static uint64_t term(char **pp, bool *known)
{
	char *p = skip(*pp), name[48];
	size_t n = 0;
	struct sym *s;

	if (isdigit((unsigned char)*p)) {
		uint64_t v;

		errno = 0;
		v = strtoull(p, pp, 0);
		if (errno)
			die("bad number");
		return v;
	}
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	if (n == 0 || n >= sizeof(name))
		die("expected a number or a name at \"%.20s\"", p);
	memcpy(name, p, n);
	name[n] = '\0';
	*pp = p + n;
	if (strcmp(name, "text_len") == 0)
		return as.text_len;
	s = sym_find(name, false);
	if (!s || !s->defined) {
		if (as.pass == 2)
			die("undefined name %s", name);
		*known = false;
		return 0;
	}
	return s->value;
}

static uint64_t expr(char **pp, bool *known)
{
	uint64_t v = term(pp, known);

	for (;;) {
		char *p = skip(*pp);

		if (*p == '+' || *p == '-') {
			char op = *p;

			*pp = p + 1;
			v = op == '+' ? v + term(pp, known) : v - term(pp, known);
		} else {
			*pp = p;
			return v;
		}
	}
}

/* An expression that moves the offset: must be known in both passes. */
static uint64_t fixed_expr(char **pp)
{
	bool known = true;
	uint64_t v = expr(pp, &known);

	if (!known)
		die("a label used before its definition moves the offset");
	return v;
}

static void ascii(char *p)
{
	p = skip(p);
	if (*p++ != '"')
		die(".ascii needs a quoted string");
	while (*p && *p != '"') {
		unsigned char c = (unsigned char)*p++;

		if (c == '\\') {
			c = (unsigned char)*p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '0': c = '\0'; break;
			case 'x':
				if (!isxdigit((unsigned char)p[0]) ||
				    !isxdigit((unsigned char)p[1]))
					die("bad \\x escape");
				c = (unsigned char)strtoul((char[]){ p[0], p[1],
							0 }, NULL, 16);
				p += 2;
				break;
			case '\\': case '"': break;
			default: die("bad escape \\%c", c);
			}
		}
		emit(&c, 1);
	}
	if (*p != '"')
		die("unterminated string");
}

static void assemble(const char *path, int depth);

static void statement(char *p, const char *path, int depth)
{
	static const char *const ints[] = { ".u8", ".u16", ".u32", ".u64" };
	static const unsigned char zeros[4096];
	char *word = p;
	size_t i;

	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	for (i = 0; i < 4; i++) {
		if (strcmp(word, ints[i]) == 0) {
			do {
				bool known = true;

				emit_int(expr(&p, &known), 1 << i);
				p = skip(p);
			} while (*p == ',' && p++);
			if (*skip(p))
				die("junk after %s", word);
			return;
		}
	}
	if (strcmp(word, ".le") == 0 || strcmp(word, ".be") == 0) {
		as.be = word[1] == 'b';
	} else if (strcmp(word, ".org") == 0) {
		as.pos = fixed_expr(&p);
	} else if (strcmp(word, ".ascii") == 0) {
		ascii(p);
	} else if (strcmp(word, ".zero") == 0 || strcmp(word, ".fill") == 0) {
		uint64_t n = fixed_expr(&p), byte = 0;
		unsigned char b;

		if (word[1] == 'f') {
			p = skip(p);
			if (*p++ != ',')
				die(".fill N, BYTE");
			byte = fixed_expr(&p);
		}
		b = (unsigned char)byte;
		for (; n; n--)
			emit(byte ? &b : zeros, 1);
	} else if (strcmp(word, ".align") == 0) {
		uint64_t a = fixed_expr(&p);

		if (!a)
			die(".align 0");
		while (as.pos % a)
			emit(zeros, 1);
	} else if (strcmp(word, ".text") == 0) {
		emit(as.text, as.text_len);
	} else if (strcmp(word, ".vmcoreinfo") == 0) {
		emit_int(11, 4);
		emit_int(as.text_len, 4);
		emit_int(0, 4);
		emit("VMCOREINFO\0\0", 12);
		emit(as.text, as.text_len);
		while (as.pos % 4)
			emit(zeros, 1);
	} else if (strcmp(word, ".size") == 0) {
		as.size = fixed_expr(&p);
	} else if (strcmp(word, ".set") == 0 ||
		   strcmp(word, ".default") == 0) {
		char *name = skip(p), *comma = strchr(name, ',');
		bool known = true;
		struct sym *s;

		if (!comma)
			die(".set NAME, EXPR");
		*comma = '\0';
		name[strcspn(name, " \t")] = '\0';
		p = comma + 1;
		s = sym_find(name, true);
		if (word[1] == 'd' && s->defined)
			return;
		s->value = expr(&p, &known);
		s->defined = known || s->defined;
	} else if (strcmp(word, ".include") == 0) {
		char inc[1024];
		const char *slash = strrchr(path, '/');

		p = skip(p);
		p[strcspn(p, " \t")] = '\0';
		snprintf(inc, sizeof(inc), "%.*s%s", slash && *p != '/' ?
			 (int)(slash - path + 1) : 0, path, p);
		if (depth >= MAX_DEPTH)
			die("includes nested too deep");
		assemble(inc, depth + 1);
	} else {
		die("unknown statement %s", word);
	}
}

static void assemble(const char *path, int depth)
{
	const char *saved_file = as.file;
	int saved_line = as.line;
	char line[1024];
	FILE *f = fopen(path, "r");

	if (!f)
		die("cannot open %s: %s", path, strerror(errno));
	as.file = path;
	as.line = 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = skip(line), *hash, *colon;

		as.line++;
		if (*p == '!' || *p == '#' || *p == '\0')
			continue;
		/* Drop a comment unless the '#' is inside a string. */
		hash = strchr(p, '#');
		if (hash && (!strchr(p, '"') || hash < strchr(p, '"')))
			*hash = '\0';
		p[strcspn(p, "\r\n")] = '\0';
		colon = strchr(p, ':');
		if (colon && *p != '.' && colon[1] == '\0') {
			struct sym *s;

			*colon = '\0';
			s = sym_find(skip(p), true);
			if (as.pass == 1 && s->defined)
				die("label %s defined twice", p);
			s->value = as.pos;
			s->defined = true;
			continue;
		}
		if (*p)
			statement(p, path, depth);
	}
	fclose(f);
	as.file = saved_file;
	as.line = saved_line;
}

int main(int argc, char **argv)
{
	static char text[1 << 20];
	FILE *tf;
	int i;

	if (argc < 4) {
		fprintf(stderr, "usage: mkfixture NOTE_TEXT SPEC OUT "
			"[NAME=VALUE...]\n");
		return 2;
	}
	tf = fopen(argv[1], "r");
	if (!tf) {
		fprintf(stderr, "mkfixture: %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	as.text = text;
	as.text_len = fread(text, 1, sizeof(text), tf);
	fclose(tf);
	for (i = 4; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		struct sym *s;

		if (!eq)
			die("bad definition %s", argv[i]);
		*eq = '\0';
		s = sym_find(argv[i], true);
		s->value = strtoull(eq + 1, NULL, 0);
		s->defined = true;
	}
	for (as.pass = 1; as.pass <= 2; as.pass++) {
		as.pos = as.end = as.size = 0;
		as.be = false;
		as.fd = -1;
		if (as.pass == 2) {
			as.fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC,
				     0644);
			if (as.fd < 0) {
				fprintf(stderr, "mkfixture: %s: %s\n", argv[3],
					strerror(errno));
				return 1;
			}
		}
		assemble(argv[2], 0);
	}
	if (ftruncate(as.fd, (off_t)(as.size > as.end ? as.size : as.end)) ||
	    close(as.fd)) {
		fprintf(stderr, "mkfixture: %s: %s\n", argv[3],
			strerror(errno));
		return 1;
	}
	return 0;
}
