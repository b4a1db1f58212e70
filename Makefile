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

PINNED  := templates/node_modules/.package-lock.json

$(PINNED): templates/package.json templates/package-lock.json
	cd templates && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

assets: $(PINNED) ## rebuild the committed ECharts bundle and its licences in templates/vendor from the pins in templates/package*.json
	cd templates && node echarts/build.mjs vendor/echarts.min.js
	cp templates/node_modules/echarts/LICENSE $(VENDOR)/ECHARTS-LICENSE.txt
	cp templates/node_modules/echarts/NOTICE $(VENDOR)/ECHARTS-NOTICE.txt
	cp templates/node_modules/echarts/licenses/LICENSE-d3 $(VENDOR)/ECHARTS-LICENSE-d3.txt
	cp templates/node_modules/zrender/LICENSE $(VENDOR)/ZRENDER-LICENSE.txt
	cp templates/node_modules/tslib/LICENSE.txt $(VENDOR)/TSLIB-LICENSE.txt
	@echo "assets: now update EChartsVersion and EChartsIntegrity in internal/site/assets.go if the bundle changed; make test checks them"

build: ## build bin/okrs
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/okrs ./cmd/okrs

DIST      ?= dist
DIST_TIME ?= $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null),0)
DIST_DOCS := README.md $(wildcard LICENSE* NOTICE*) $(VENDOR)/ECHARTS-LICENSE.txt $(VENDOR)/ECHARTS-NOTICE.txt \
             $(VENDOR)/ECHARTS-LICENSE-d3.txt $(VENDOR)/ZRENDER-LICENSE.txt $(VENDOR)/TSLIB-LICENSE.txt

dist: ## release archives for every platform and SHA256SUMS in dist/, the same bytes for the same commit
	rm -rf $(DIST)
	$(GO) run ./internal/release/cmd/okrs-dist -version $(VERSION) -time $(DIST_TIME) -o $(DIST) $(DIST_DOCS)

IMAGE ?= okrs:$(VERSION)

image: dist ## container image okrs:VERSION from the linux archives of make dist (needs podman or docker with an engine)
	@engine=$$(command -v podman || command -v docker) || { echo "image: needs podman or docker"; exit 2; }; \
	set -x; $$engine build -f .github/image/Containerfile --build-arg VERSION=$(VERSION) -t $(IMAGE) $(DIST)

site: build ## render the sample organization in okrs/ into public/
	bin/okrs build $(DATA) -o $(OUT)
	@echo "open $(OUT)/index.html"

# make test installs the pinned npm packages (npm checks them against the
# lock) so that TestEChartsPinned can rebuild the ECharts bundle from them
# and compare it with the committed one.
test: $(PINNED) ## run every test: unit, CLI scripts, golden files, browser, benchmarks once, each fuzzer briefly
	$(GO) vet ./...
	OKRS_REQUIRE_PIN=1 $(GO) test -count=1 -timeout 30m ./...
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./...
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 10s ./internal/load
	$(GO) test -run '^$$' -fuzz FuzzValidate -fuzztime 10s ./internal/pipeline
	$(GO) test -run '^$$' -fuzz FuzzFastAgrees -fuzztime 10s ./schema
	$(GO) test -run '^$$' -fuzz FuzzDecodeBinary -fuzztime 10s ./internal/okr

fuzz: ## fuzz the loader, the pipeline, the fast schema check against jsonschema and the cache's binary decoder for a while (FUZZTIME=2m)
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(or $(FUZZTIME),2m) ./internal/load
	$(GO) test -run '^$$' -fuzz FuzzValidate -fuzztime $(or $(FUZZTIME),2m) ./internal/pipeline
	$(GO) test -run '^$$' -fuzz FuzzFastAgrees -fuzztime $(or $(FUZZTIME),2m) ./schema
	$(GO) test -run '^$$' -fuzz FuzzDecodeBinary -fuzztime $(or $(FUZZTIME),2m) ./internal/okr

golden: ## rewrite golden files after an intended change (review the diff!)
	$(GO) test -count=1 ./internal/cli ./internal/diff ./internal/export ./internal/site -update

lint: ## gofmt and go vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

BENCH_DIR   ?= /tmp/okrs-bench
BENCH_SIZES ?= small,medium,large
BENCH_RUNS  ?= 3
PEER_KIT    ?= ../shared/bench
PROFILE_DIR ?= $(BENCH_DIR)/profile
AJV         := $(BENCH_DIR)/npm/node_modules/.bin/ajv

bench: build ## time okrs on generated orgs vs a yaml.v3 floor, Hugo and ajv-cli; writes internal/bench/RESULTS.md
	$(GO) build -o bin/okrs-bench ./internal/bench/cmd/okrs-bench
	@mkdir -p $(BENCH_DIR)
	@test -x $(AJV) || npm install --prefix $(BENCH_DIR)/npm --no-audit --no-fund --ignore-scripts ajv-cli@5.0.0 ajv-formats@3.0.1 >/dev/null 2>&1 \
		|| echo "bench: could not install ajv-cli from the npm registry: no ajv rows"
	@command -v hugo >/dev/null || echo "bench: hugo is not installed (apt-get install hugo): no Hugo rows"
	OKRS_BENCH_MEDIUM=1 $(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./internal/bench > $(BENCH_DIR)/stages.txt && \
		OKRS_BENCH_MEDIUM=1 $(GO) test -count=1 -run '^$$' -bench 'Charts|Feeds' -benchtime 3x ./internal/site >> $(BENCH_DIR)/stages.txt && \
		OKRS_BENCH_MEDIUM=1 $(GO) test -count=1 -run '^$$' -bench JSON -benchtime 3x ./internal/export >> $(BENCH_DIR)/stages.txt; \
		status=$$?; cat $(BENCH_DIR)/stages.txt; exit $$status
	bin/okrs-bench run -okrs bin/okrs -dir $(BENCH_DIR) -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS) -kit $(PEER_KIT) -ajv $(AJV) \
		-stages $(BENCH_DIR)/stages.txt -out internal/bench/RESULTS.md

profile: build ## CPU and memory profiles of okrs build on the generated medium org (into BENCH_DIR/profile)
	$(GO) build -o bin/okrs-gen ./cmd/okrs-gen
	rm -rf $(PROFILE_DIR) && mkdir -p $(PROFILE_DIR)
	bin/okrs-gen -size medium -o $(PROFILE_DIR)/org
	bin/okrs build --as-of $$(bin/okrs-gen -size medium -as-of) --cache-dir off -o $(PROFILE_DIR)/site \
		--cpuprofile $(PROFILE_DIR)/cpu.prof --memprofile $(PROFILE_DIR)/mem.prof $(PROFILE_DIR)/org
	@echo "go tool pprof -top $(PROFILE_DIR)/cpu.prof; go tool pprof -sample_index=alloc_space -top $(PROFILE_DIR)/mem.prof"

LH_DIR   := .ci/lighthouse
LH_SITE  ?= /tmp/okrs-lighthouse-site
LH_LARGE ?= /tmp/okrs-lighthouse-large

lighthouse: build $(LH_DIR)/node_modules/.package-lock.json ## Lighthouse scores of every page type of the sample site and the large org's dashboard, phone and desktop (pinned in .ci/lighthouse; not part of make test)
	rm -rf $(LH_SITE) $(LH_LARGE)
	bin/okrs build $(DATA) -o $(LH_SITE) --as-of 2026-11-20 --cache-dir off
	$(GO) build -o bin/okrs-gen ./cmd/okrs-gen
	bin/okrs-gen -size large -o $(LH_LARGE)/org
	bin/okrs build --as-of $$(bin/okrs-gen -size large -as-of) --cache-dir off -o $(LH_LARGE)/site $(LH_LARGE)/org
	node $(LH_DIR)/lighthouse.mjs $(LH_SITE) $(LH_LARGE)/site

$(LH_DIR)/node_modules/.package-lock.json: $(LH_DIR)/package.json $(LH_DIR)/package-lock.json
	cd $(LH_DIR) && npm ci --no-audit --no-fund --ignore-scripts

clean: ## remove build output
	rm -rf bin $(DIST) $(OUT) templates/node_modules

.PHONY: help assets build dist image site test fuzz golden lint bench profile lighthouse clean
