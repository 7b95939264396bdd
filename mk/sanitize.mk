# `make sanitize`: the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, then
# under ThreadSanitizer, each build in its own scratch folder (never sharing .build, which would
# rebuild every module each time). The process-level tests run the sanitized snakeid too: it is
# built beside the test bundle. SNAKEID_SANITIZER tells the tests which sanitizer runs (the one
# suite it skips says why); the OpenVINO runtime is named explicitly, as a deployment would. The
# OpenVINO tests skip under a sanitizer: TBB dlopens its topology helper with RTLD_DEEPBIND, which
# the sanitizer runtimes refuse, ending the run (google/sanitizers#611; docs/release-grade.md).
# About 10 minutes each on 2 cores (build and run); not part of CI (see docs/release-grade.md).
SANITIZE_ASAN := .build-asan
SANITIZE_TSAN := .build-tsan
SANITIZE_ENV = SNAKEID_OPENVINO_LIBS=$(CURDIR)/$(OPENVINO_DIR)/libs
# halt_on_error=0: report every finding of the run, not only the first.
ASAN_RUN_OPTIONS := detect_leaks=0:halt_on_error=0
UBSAN_RUN_OPTIONS := print_stacktrace=1:halt_on_error=0
TSAN_RUN_OPTIONS := halt_on_error=0:second_deadlock_stack=1

.PHONY: sanitize sanitize-address sanitize-thread
sanitize: sanitize-address sanitize-thread

# UBSan: swiftc on Linux refuses -sanitize=undefined ("unsupported option ... for target
# x86_64-unknown-linux-gnu"), so it instruments the C and C++ targets (the shims, the libtorch
# bridge), whose undefined behaviour it is about; ASan's runtime carries UBSan's handlers.
ASAN_FLAGS := --sanitize=address -Xcc -fsanitize=undefined -Xcxx -fsanitize=undefined
sanitize-address: deps test-deps model openvino-runtime
	swift build --build-tests $(ASAN_FLAGS) --scratch-path $(SANITIZE_ASAN)
	$(SANITIZE_ENV) SNAKEID_SANITIZER=address ASAN_OPTIONS=$(ASAN_RUN_OPTIONS) UBSAN_OPTIONS=$(UBSAN_RUN_OPTIONS) \
		swift test --skip-build $(ASAN_FLAGS) --scratch-path $(SANITIZE_ASAN) $(SANITIZE_ARGS)

sanitize-thread: deps test-deps model openvino-runtime
	swift build --build-tests --sanitize=thread --scratch-path $(SANITIZE_TSAN)
	$(SANITIZE_ENV) SNAKEID_SANITIZER=thread TSAN_OPTIONS=$(TSAN_RUN_OPTIONS) \
		swift test --skip-build --sanitize=thread --scratch-path $(SANITIZE_TSAN) $(SANITIZE_ARGS)
