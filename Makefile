# okrs — run `make help` for the targets.
GO      ?= go
OUT     ?= public
DATA    ?= okrs
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/okrs-dev/okrs/internal/cli.Version=$(VERSION)
VENDOR  := templates/vendor

.DEFAULT_GOAL := help

help: ## show the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

assets: $(VENDOR)/echarts.min.js ## fetch the pinned ECharts from the npm registry into templates/vendor (git-ignored)

$(VENDOR)/echarts.min.js: templates/package.json templates/package-lock.json
	cd templates && npm ci --no-audit --no-fund --ignore-scripts
	mkdir -p $(VENDOR)
	cp templates/node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts.min.js
	cp templates/node_modules/echarts/LICENSE $(VENDOR)/ECHARTS-LICENSE.txt
	cp templates/node_modules/echarts/NOTICE $(VENDOR)/ECHARTS-NOTICE.txt
	touch $@

build: assets ## build bin/okrs with ECharts embedded
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/okrs ./cmd/okrs

site: build ## render the sample organization in okrs/ into public/
	bin/okrs build $(DATA) -o $(OUT)
	@echo "open $(OUT)/index.html"

test: assets ## run every test: unit, CLI scripts, golden files, browser, benchmarks once, fuzzing briefly
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./...
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 10s ./internal/load
	$(GO) test -run '^$$' -fuzz FuzzValidate -fuzztime 10s ./internal/validate

fuzz: ## fuzz the loader and the validator for a while (FUZZTIME=2m)
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(or $(FUZZTIME),2m) ./internal/load
	$(GO) test -run '^$$' -fuzz FuzzValidate -fuzztime $(or $(FUZZTIME),2m) ./internal/validate

golden: assets ## rewrite golden files after an intended change (review the diff!)
	$(GO) test -count=1 ./... -update

lint: ## gofmt and go vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

clean: ## remove build output
	rm -rf bin $(OUT) templates/node_modules $(VENDOR)/echarts.min.js $(VENDOR)/ECHARTS-*.txt

.PHONY: help assets build site test fuzz golden lint clean
