# Fuzzing the JPEG and PNG decode wrappers (Sources/CImageCodecs) with libFuzzer; see Fuzz/README.md.
#   make fuzz        every past crasher (Fuzz/regressions), then each harness for FUZZ_SECONDS
#                    (default 60); fails on any finding. Part of `make test`.
#   make fuzz-long   each harness for FUZZ_LONG_SECONDS (default 3600), carrying on past findings;
#                    new findings are listed at the end. Never part of CI.
#   make fuzz-build  just the harnesses (.cache/fuzz/bin/fuzz_jpeg, fuzz_png)
#   make fuzz-clean  forget everything cached (sources, libraries, harnesses, grown corpus)
#
# libjpeg-turbo, libpng and zlib ARE instrumented (ASan + UBSan + libFuzzer coverage):
# Fuzz/build-libs.sh builds them as static libraries from Debian's source packages (apt-get source
# with a private deb-src list, Debian's patches applied): the installed version when the mirror
# still has it, else the newest one it has. If the source packages cannot be fetched, or with
# FUZZ_INSTRUMENT_LIBS=0, the harnesses link the SYSTEM libraries, UNINSTRUMENTED, and the build
# says so; .cache/fuzz/libs/info.txt records which it was (make fuzz prints it).
#
# Everything built or grown lives in .cache/fuzz (gitignored): a rerun reuses the libraries and
# rebuilds a harness only when Fuzz/ or Sources/CImageCodecs changes.

FUZZ_CC ?= $(firstword $(wildcard $(dir $(shell command -v swift 2>/dev/null))clang) \
	/opt/swift/usr/bin/clang)
FUZZ_SECONDS ?= 60
FUZZ_LONG_SECONDS ?= 3600
FUZZ_MAX_LEN ?= 65536
FUZZ_CACHE := .cache/fuzz
FUZZ_TARGETS := jpeg png
FUZZ_APT_PACKAGES := cmake dpkg-dev zlib1g-dev libjpeg-dev libpng-dev
# A finding is a crash, a sanitizer report, a leak, a 10 s input, a single allocation over
# 512 MB (an image at the 100,000,000-pixel cap needs 300 MB of pixels) or 1 GB resident.
FUZZ_LIMITS ?= -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=512
FUZZ_SANITIZERS := address,undefined
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_LIB_CFLAGS := $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SANITIZERS)
FUZZ_SHIM_SOURCES := $(filter-out %Encode.c,$(wildcard Sources/CImageCodecs/*.c))
FUZZ_SHIM_HEADERS := $(wildcard Sources/CImageCodecs/*.h Sources/CImageCodecs/include/*.h)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_CACHE)/bin/fuzz_%)
# ASan: report allocation failures (not return NULL) and leaks; stop at the first error.
FUZZ_ENV := ASAN_OPTIONS=allocator_may_return_null=0:detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: fuzz fuzz-long fuzz-build fuzz-regressions fuzz-deps fuzz-clean
test: fuzz

fuzz-deps:
	$(call apt_install,$(FUZZ_APT_PACKAGES))
	@[ -x "$(FUZZ_CC)" ] || { echo "fuzz: no clang with libFuzzer (set FUZZ_CC)"; exit 1; }

fuzz-build: $(FUZZ_BINS)

# Rebuilds the libraries when the flags, the compiler or the script change.
$(FUZZ_CACHE)/libs.flags: FORCE_FUZZ_FLAGS
	@mkdir -p $(@D)
	@echo '$(FUZZ_CC) $(FUZZ_LIB_CFLAGS) $(FUZZ_INSTRUMENT_LIBS) $(FUZZ_JPEG_SIMD)' | cmp -s - $@ \
		|| echo '$(FUZZ_CC) $(FUZZ_LIB_CFLAGS) $(FUZZ_INSTRUMENT_LIBS) $(FUZZ_JPEG_SIMD)' > $@
.PHONY: FORCE_FUZZ_FLAGS

$(FUZZ_CACHE)/libs/link.txt: Fuzz/build-libs.sh $(FUZZ_CACHE)/libs.flags | fuzz-deps
	CC=$(FUZZ_CC) LIB_CFLAGS='$(FUZZ_LIB_CFLAGS)' FUZZ_CACHE=$(FUZZ_CACHE) bash Fuzz/build-libs.sh

$(FUZZ_CACHE)/bin/fuzz_%: Fuzz/fuzz_%.c Fuzz/fuzz_common.h mk/fuzz.mk $(FUZZ_SHIM_SOURCES) \
		$(FUZZ_SHIM_HEADERS) $(FUZZ_CACHE)/libs/link.txt
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SANITIZERS) -fuse-ld=lld \
		-I$(FUZZ_CACHE)/libs/include -ISources/CImageCodecs/include -ISources/CImageCodecs \
		-o $@ Fuzz/fuzz_$*.c $(FUZZ_SHIM_SOURCES) $$(cat $(FUZZ_CACHE)/libs/link.txt)

# Each past crasher once (libFuzzer runs the files it is given and exits non-zero on a finding).
fuzz-regressions: $(FUZZ_BINS)
	@status=0; for t in $(FUZZ_TARGETS); do \
		files=$$(find Fuzz/regressions/$$t -type f ! -name '.*' ! -name '*.md' 2>/dev/null | sort); \
		[ -n "$$files" ] || continue; \
		echo "fuzz: $$t regressions: $$(echo "$$files" | wc -l) files"; \
		for f in $$files; do \
			$(FUZZ_ENV) $(FUZZ_CACHE)/bin/fuzz_$$t $(FUZZ_LIMITS) -runs=1 $$f \
				>$(FUZZ_CACHE)/regression.log 2>&1 \
			|| { echo "fuzz: FAILED $$f:"; grep -E "ERROR|SUMMARY|fuzz check|==[0-9]+==" \
				$(FUZZ_CACHE)/regression.log | head -5; status=1; }; \
		done; \
	done; exit $$status

# Fuzzes each harness in turn (one process at a time: 2-core machines) from the committed seeds
# plus the corpus grown by earlier runs (.cache/fuzz/corpus); findings go to
# .cache/fuzz/findings/TARGET/. FUZZ_SECONDS=0 only runs the seeds once.
FUZZ_RUN_SECONDS = $(FUZZ_SECONDS)
FUZZ_RUN_FLAGS =
fuzz-long: FUZZ_RUN_SECONDS = $(FUZZ_LONG_SECONDS)
# One fork-mode worker that restarts after a finding instead of stopping.
fuzz-long: FUZZ_RUN_FLAGS = -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1

fuzz fuzz-long: fuzz-regressions
	@cat $(FUZZ_CACHE)/libs/info.txt | sed 's/^/fuzz: /'
	@touch $(FUZZ_CACHE)/run.stamp; status=0; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_CACHE)/corpus/$$t $(FUZZ_CACHE)/findings/$$t; \
		if [ "$(FUZZ_RUN_SECONDS)" = 0 ]; then run="-runs=0"; \
		else run="-max_total_time=$(FUZZ_RUN_SECONDS) $(FUZZ_RUN_FLAGS)"; fi; \
		echo "fuzz: $$t: $$run"; \
		$(FUZZ_ENV) $(FUZZ_CACHE)/bin/fuzz_$$t $(FUZZ_LIMITS) -max_len=$(FUZZ_MAX_LEN) \
			-dict=Fuzz/$$t.dict -print_final_stats=1 $$run -artifact_prefix=$(FUZZ_CACHE)/findings/$$t/ \
			$(FUZZ_CACHE)/corpus/$$t Fuzz/corpus/$$t >$(FUZZ_CACHE)/$$t.log 2>&1; \
		rc=$$?; \
		grep -E "^#[0-9]+.*(DONE|INITED)|^stat::(number_of_executed_units|average_exec_per_sec)" \
			$(FUZZ_CACHE)/$$t.log | tail -3 | sed "s/^/fuzz: $$t: /"; \
		if [ $$rc != 0 ]; then \
			status=1; \
			echo "fuzz: $$t FOUND A PROBLEM (exit $$rc), log in $(FUZZ_CACHE)/$$t.log:"; \
			grep -E "ERROR|SUMMARY|fuzz check|Test unit written|out-of-memory|timeout" \
				$(FUZZ_CACHE)/$$t.log | head -8 | sed 's/^/    /'; \
		fi; \
	done; \
	found=$$(find $(FUZZ_CACHE)/findings -type f -newer $(FUZZ_CACHE)/run.stamp 2>/dev/null); \
	if [ -n "$$found" ]; then \
		status=1; \
		echo "fuzz: findings (reproduce: $(FUZZ_CACHE)/bin/fuzz_TARGET FILE;" \
			"once understood, keep each in Fuzz/regressions/TARGET/):"; \
		echo "$$found" | sed 's/^/    /'; \
	fi; \
	exit $$status

fuzz-clean:
	rm -rf $(FUZZ_CACHE)
