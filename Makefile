# Makefile — builds vigil; `make check` runs every test, `make demo` starts a demo site.
#
# Dependencies are Debian packages; every target that needs them first runs
# packaging/install-deps.sh, which installs only what is missing.

PKGS      = ncursesw formw menuw panelw libssh libavformat libavcodec libswscale \
            libavutil sqlite3 libconfig libsodium chafa
CC       ?= cc
OPT      ?= -O2
WARN      = -std=c11 -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
            -Wformat=2 $(WERROR) -D_GNU_SOURCE
WERROR   ?= -Werror
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

B        ?= build
SAN       =
# Release builds are hardened; the sanitizer and fuzz builds (SAN set) are not:
# _FORTIFY_SOURCE's checks and ASan's interceptors get in each other's way.
HARDEN_CFLAGS  ?= -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
HARDEN_LDFLAGS ?= -pie -Wl,-z,relro,-z,now
CFLAGS_ALL = $(WARN) $(OPT) -g $(SAN) $(if $(SAN),,$(HARDEN_CFLAGS)) $(PKG_CFLAGS) -I. \
             $(CPPFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SAN) $(if $(SAN),,$(HARDEN_LDFLAGS)) $(LDFLAGS)

SRC_DIRS  = core core/gov recorder tui/ssh tui/cli tui/console
LIB_SRC   = $(filter-out tui/cli/main.c,$(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
LIB_OBJ   = $(patsubst %.c,$(B)/obj/%.o,$(LIB_SRC))
MAIN_OBJ  = $(B)/obj/tui/cli/main.o
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
UNIT_HELPER_OBJ = $(B)/obj/tests/unit/testutil.o
PO        = $(sort $(wildcard tui/po/*.zh_CN.po))
MO        = $(B)/locale/zh_CN/LC_MESSAGES/vigil.mo
MAN_SRC   = $(wildcard packaging/man/*.scd)
MAN       = $(patsubst packaging/man/%.scd,$(B)/man/%,$(MAN_SRC))

.PHONY: all deps build man check check-build layering unit unit-asan cli gov gov-asan integration \
        e2e packaging demo bench bench-index bench-scale bench-soak clean install deb

all: deps
	@$(MAKE) --no-print-directory build man

deps:
	@./packaging/install-deps.sh

build: $(B)/vigil $(MO)

# Manual pages, written in scdoc (packaging/man/NAME.SECTION.scd).
man: $(MAN)

$(B)/man/%: packaging/man/%.scd
	@mkdir -p $(dir $@)
	@echo "  SCDOC   $@"
	@scdoc <$< >$@.tmp && mv $@.tmp $@

$(B)/vigil: $(MAIN_OBJ) $(B)/libvigil.a
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $(MAIN_OBJ) $(B)/libvigil.a $(PKG_LIBS)

$(B)/libvigil.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $(LIB_OBJ)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(UNIT_HELPER_OBJ) $(B)/libvigil.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $< $(UNIT_HELPER_OBJ) $(B)/libvigil.a $(PKG_LIBS) $(CMOCKA_LIBS)

$(MO): $(PO)
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $@"
	@msgcat --use-first -o $(B)/vigil.zh_CN.po $(PO)
	@msgfmt --check -o $@ $(B)/vigil.zh_CN.po

.SECONDARY: $(UNIT_HELPER_OBJ)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---- tests -----------------------------------------------------------------

# make check builds and runs the suites CHECK_JOBS at a time (default: one per
# core): each test has its own directory, ports, tmux socket and site, and its
# waits poll for a condition, so tests do not depend on running alone.  The
# governance scenarios run once, against the sanitizer build (gov-asan): the
# same scenarios as `make gov` with memory and undefined-behaviour checks on top;
# the release build is what the integration, e2e and packaging suites run.
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CHECK_MAKE  = $(MAKE) --no-print-directory -j$(CHECK_JOBS) JOBS=$(CHECK_JOBS)
# The console suite spends most of its time waiting for screens, and the
# governance scenarios on SSH round trips (under half the cores busy, as
# measured): twice as many tests at once.  The recorder suite stays at
# CHECK_JOBS: at four at once its simulated cameras lost pictures.
CHECK_WAIT_JOBS ?= $(shell echo $$(( $(CHECK_JOBS) * 2 )))
CHECK_WAIT_MAKE  = $(MAKE) --no-print-directory -j$(CHECK_JOBS) JOBS=$(CHECK_WAIT_JOBS)

check: deps
	@$(CHECK_MAKE) layering
	@$(CHECK_MAKE) check-build
	@$(CHECK_MAKE) unit
	@$(CHECK_MAKE) unit-asan
	@$(CHECK_MAKE) cli
	@$(CHECK_WAIT_MAKE) gov-asan
	@$(CHECK_MAKE) integration
	@$(CHECK_WAIT_MAKE) e2e
	@$(CHECK_MAKE) packaging
	@$(CHECK_MAKE) fuzz-smoke
	@echo "make check: all suites passed"

check-build: build $(UNIT_BIN)

# The boundaries of the README's layout: includes and database calls.
layering:
	@tests/tools/layering.sh

unit: check-build
	@tests/run-unit.sh $(UNIT_BIN)

unit-asan:
	@$(MAKE) --no-print-directory B=build-asan OPT=-O1 \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    check-build
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    tests/run-unit.sh $(patsubst $(B)/%,build-asan/%,$(UNIT_BIN))

cli: build
	@VIGIL=$(CURDIR)/$(B)/vigil tests/run-suite.sh tests/cli

gov: build
	@VIGIL=$(CURDIR)/$(B)/vigil tests/run-suite.sh tests/gov

# The same scenarios against the sanitizer build: the command code runs only there.
gov-asan:
	@$(MAKE) --no-print-directory B=build-asan OPT=-O1 \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    build
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    VIGIL=$(CURDIR)/build-asan/vigil tests/run-suite.sh tests/gov

integration: build
	@VIGIL=$(CURDIR)/$(B)/vigil tests/run-suite.sh tests/integration

e2e: build
	@VIGIL=$(CURDIR)/$(B)/vigil tests/run-suite.sh tests/e2e

# make install into a scratch root, the man pages, the units, the package.
packaging: build man
	@VIGIL=$(CURDIR)/$(B)/vigil tests/run-suite.sh tests/packaging

# ---- install, package -------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, policy profiles, the
# Chinese catalogue, man pages, systemd units, tmpfiles.d entry and examples.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
MANDIR    ?= $(DATADIR)/man
DOCDIR    ?= $(DATADIR)/doc/vigil
UNITDIR   ?= $(PREFIX)/lib/systemd/system
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
UNITS     = $(wildcard packaging/systemd/*.service packaging/systemd/*.target)

install: build man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/vigil/policies \
	    $(DESTDIR)$(DATADIR)/locale/zh_CN/LC_MESSAGES $(DESTDIR)$(DOCDIR)/examples \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(TMPFILESDIR)
	install -m 0755 $(B)/vigil $(DESTDIR)$(BINDIR)/vigil
	install -m 0644 etc/policies/*.cfg $(DESTDIR)$(DATADIR)/vigil/policies/
	install -m 0644 $(MO) $(DESTDIR)$(DATADIR)/locale/zh_CN/LC_MESSAGES/vigil.mo
	install -m 0644 etc/vigil.cfg etc/cameras.cfg $(DESTDIR)$(DOCDIR)/examples/
	for m in $(MAN); do install -d $(DESTDIR)$(MANDIR)/man$${m##*.} && \
	    install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/; done
	for u in $(UNITS); do \
	    sed 's|/usr/bin/vigil|$(BINDIR)/vigil|g' $$u >$(DESTDIR)$(UNITDIR)/$${u##*/}; \
	    chmod 0644 $(DESTDIR)$(UNITDIR)/$${u##*/}; done
	install -m 0644 packaging/systemd/vigil.tmpfiles $(DESTDIR)$(TMPFILESDIR)/vigil.conf

# make deb: a Debian package of this tree, built by dpkg-buildpackage from a
# copy in $(B)/deb (packaging/debian becomes its debian/); the .deb lands in $(B)/deb.
DEB_VERSION = $(shell sed -n '1s/.*(\(.*\)).*/\1/p' packaging/debian/changelog)
DEB_TREE    = $(B)/deb/vigil-$(DEB_VERSION)

deb:
	@rm -rf $(B)/deb && mkdir -p $(DEB_TREE)
	@git ls-files -co --exclude-standard -z | grep -zv '^packaging/debian/' | \
	    xargs -0 tar -cf - | tar -xf - -C $(DEB_TREE)
	@cp -r packaging/debian $(DEB_TREE)/debian
	@echo "  DEB     $(DEB_TREE)"
	@cd $(DEB_TREE) && dpkg-buildpackage -b -us -uc -j2 >../build.log 2>&1 || \
	    { tail -n 40 ../build.log; exit 1; }
	@ls $(B)/deb/*.deb

# ---- demo, bench -------------------------------------------------------------

demo: deps
	@$(MAKE) --no-print-directory build
	@VIGIL=$(CURDIR)/$(B)/vigil tests/tools/demo.sh

BENCH_BIN = $(patsubst tests/bench/%.c,$(B)/bench/%,$(wildcard tests/bench/*.c))

$(B)/bench/%: tests/bench/%.c $(B)/libvigil.a
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	@$(CC) $(CFLAGS_ALL) $(BENCH_LDFLAGS) -o $@ $< $(B)/libvigil.a $(PKG_LIBS)

# The floor probe loads only the libraries it calls, as `vigil record` needs them.
$(B)/bench/bench_floor: BENCH_LDFLAGS = -Wl,--as-needed

bench: deps
	@$(MAKE) --no-print-directory build $(BENCH_BIN)
	@VIGIL=$(CURDIR)/$(B)/vigil tests/run-suite.sh tests/bench

# The long benchmarks, each its own target (none is part of make check): the
# segment index at 90 days x 300 cameras, as many cameras as one machine takes,
# and a recorder whose cameras keep dropping and jumping.
bench-index: deps
	@$(MAKE) --no-print-directory build $(B)/tests/bench_index
	@VIGIL=$(CURDIR)/$(B)/vigil BENCH_INDEX=$(CURDIR)/$(B)/tests/bench_index \
	    tests/run-suite.sh tests/bench/index

$(B)/tests/bench_index: tests/bench/index/bench_index.c $(B)/libvigil.a
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $< $(B)/libvigil.a $(PKG_LIBS)

bench-scale: deps
	@$(MAKE) --no-print-directory build
	@VIGIL=$(CURDIR)/$(B)/vigil tests/run-suite.sh tests/bench/scale

bench-soak: deps
	@$(MAKE) --no-print-directory build
	@VIGIL=$(CURDIR)/$(B)/vigil tests/run-suite.sh tests/bench/soak

clean:
	rm -rf build build-asan build-fuzz

# ---- fuzzing (libFuzzer, clang) ------------------------------------------------
# make fuzz FUZZ_SECONDS=N runs each harness in tests/fuzz for N seconds (default
# 60) from its corpus in tests/fuzz/corpus/NAME; fuzz-smoke runs each briefly and
# is part of make check.

FUZZ_SECONDS ?= 60
FUZZ_SRC   = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN   = $(patsubst tests/fuzz/%.c,build-fuzz/%,$(FUZZ_SRC))
FUZZ_SAN   = -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: fuzz fuzz-build fuzz-smoke

fuzz-build:
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang OPT=-O1 \
	    SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" build-fuzz/libvigil.a
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libvigil.a
	@echo "  FUZZ    $@"
	@clang $(WARN) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) $(PKG_CFLAGS) -I. -o $@ $< \
	    build-fuzz/libvigil.a $(PKG_LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@tests/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

fuzz-smoke: fuzz-build
	@tests/run-fuzz.sh 3 $(FUZZ_BIN)
