# clientrisk — see README.md. Every target works on a fresh machine with Go.
GO        ?= go
BIN       := bin/clientrisk
PKGS      := ./...
DEMO_MONTH := 2026-10
# "Now" for the demo (2026-11-04 08:00 UTC, when the sample exports were
# taken), so the committed example report is byte-for-byte reproducible.
DEMO_EPOCH := 1793779200
# Packages with golden files refreshed by -update.
GOLDEN_PKGS := ./internal/report/... ./cmd/...
FUZZTIME  ?= 10s
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck
SAMPLE_FILES := $(sort $(wildcard samples/*.xlsx samples/*.csv))

.PHONY: build install test lint fuzz bench bench-1m bench-1m-cli demo golden samples clean

# The first build downloads the modules and compiles the pure Go SQLite
# (a few minutes on 2 cores); later builds take seconds.
build:
	@test -x $(BIN) || echo "building $(BIN): the first build downloads the modules and compiles SQLite (a few minutes)..."
	$(GO) build -trimpath -o $(BIN) ./cmd/clientrisk

# Puts clientrisk into $GOBIN, or else $GOPATH/bin (which must be on the PATH).
install:
	$(GO) install -trimpath ./cmd/clientrisk
	@dir=$$($(GO) env GOBIN); [ -n "$$dir" ] || dir=$$($(GO) env GOPATH)/bin; echo "installed $$dir/clientrisk (that folder must be on your PATH)"

test:
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout 9m $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	$(STATICCHECK) $(PKGS)

# Runs every Fuzz target for FUZZTIME each. Keep FUZZTIME at 10s or more: the
# xlsx reader runs ~25 inputs a second, and a fuzz time shorter than its
# baseline pass ends in a spurious "context deadline exceeded".
fuzz:
	@set -e; for pkg in $$($(GO) list ./internal/...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./internal/...

# The 1M-row variants of the reader, ledger and analytics benchmarks, each
# run three times (one iteration takes seconds, and the machine's speed
# drifts between runs: take the medians).
bench-1m:
	CLIENTRISK_BENCH_1M=1 $(GO) test -run '^$$' -bench '1M' -benchmem -benchtime 1x -count 3 -timeout 60m ./internal/...

# The command itself on Excel-like workbooks (shared strings) of 100k and
# 1M rows and the same rows as CSV, each step a new process under
# /usr/bin/time -v, against `unzip -p` of the same workbook in the same run.
# ROWS="100000 1000000 2000000" adds sizes.
bench-1m-cli:
	GO=$(GO) .ci/bench-1m.sh $(ROWS)

# Builds, then makes the example report of samples/ for $(DEMO_MONTH) in reports/.
demo: build
	@mkdir -p reports
	rm -f reports/demo-ledger.db reports/demo-ledger.db-wal reports/demo-ledger.db-shm
	SOURCE_DATE_EPOCH=$(DEMO_EPOCH) ./$(BIN) report --config samples/clientrisk.yaml --month $(DEMO_MONTH) --out reports \
	  $(foreach f,$(SAMPLE_FILES),--in $(f))
	@ls -l reports/$(DEMO_MONTH)-client-report.*

golden:
	$(GO) test -count=1 $(GOLDEN_PKGS) -update

# Regenerates the committed sample exports (deterministic).
samples:
	$(GO) run ./samples/gen -out samples

clean:
	rm -rf bin
