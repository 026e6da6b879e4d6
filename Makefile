# A thin front to CMake: every target forwards to it.
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
JOBS    ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all build deps test year demo install asan fuzz bench bench-startup crash-backup bench-backup clean pot bench-issue bench-asset

all: build

# Installs the Debian packages that are missing; quiet when everything is there.
deps:
	@./scripts/deps.sh

build:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: deps
	@$(MAKE) --no-print-directory build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# A school year under cron (tests/year/school-year.sh): 203 simulated days of the shipped cron
# lines; too long for every ctest run (about 4 s a simulated day on two busy cores: 14 minutes).
year: build
	@NETSEC_BIN=$(CURDIR)/$(BUILD)/bin NETSEC_SOURCE=$(CURDIR) bash tests/year/school-year.sh

demo: build
	@bash share/netsec/demo/demo.sh $(BUILD)/bin demo

install: build
	@DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	@$(MAKE) --no-print-directory build BUILD=build-asan CMAKE_FLAGS="-DNETSEC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

# libFuzzer targets for every parser, each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 30
fuzz:
	@./scripts/deps.sh fuzz
	@CXX=clang++ $(MAKE) --no-print-directory build BUILD=build-fuzz \
		CMAKE_FLAGS="-DNETSEC_FUZZ=ON -DNETSEC_BUILD_TESTS=OFF -DCMAKE_CXX_COMPILER=clang++"
	@bash tests/fuzz/run.sh build-fuzz/bin $(FUZZ_SECONDS)

bench: bench-startup

bench-startup:
	@./scripts/deps.sh bench
	@$(MAKE) --no-print-directory build
	@bash bench/startup.sh $(BUILD)/bin

# Issuing 1,200 pupil passwords (yescrypt on every core) beside mkpasswd -m yescrypt (whois).
bench-issue: build
	@./scripts/deps.sh
	@bash bench/issue.sh $(BUILD)/bin

# Ten thousand machines: register import, antivirus import and av status, beside sqlite3 .import.
bench-asset: build
	@bash bench/asset.sh $(BUILD)/bin

# Backups: runs, then prunes, killed with SIGKILL CRASH_RUNS times each (make test runs 10 runs).
CRASH_RUNS ?= 50
crash-backup: build
	@NETSEC_BIN=$(CURDIR)/$(BUILD)/bin CRASH_RUNS=$(CRASH_RUNS) bash tests/crash/backup-crash.sh
	@NETSEC_BIN=$(CURDIR)/$(BUILD)/bin CRASH_RUNS=$(CRASH_RUNS) bash tests/crash/prune-crash.sh

# netsec-backup beside restic and borg on the shared school data set (../shared/bench); RUNS=3 for medians.
bench-backup: build
	@./scripts/deps.sh bench-backup
	@bash bench/backup.sh $(BUILD)/bin

# Refreshes the message template and merges it into each catalog.
pot: build
	@xgettext --from-code=UTF-8 --language=C++ --keyword=_ --keyword=_f --package-name=netsec \
		--sort-by-file -o share/locale/netsec.pot \
		$$(find lib tools -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort) $(BUILD)/generated/tools_list.cpp
	@for po in share/locale/*.po; do msgmerge --quiet --update --backup=none $$po share/locale/netsec.pot; done

clean:
	rm -rf $(BUILD) build-asan build-fuzz
