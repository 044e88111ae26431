# Lägesbild: the two commands.
#   make run   installs what is missing, builds, creates the demo database and serves the app
#   make test  installs what is missing, builds, and runs every test
BUILD   ?= build
PORT    ?= 8080
DEMO_DB ?= var/demo.db
SEED    ?= 1
JOBS    ?= $(shell nproc)

.PHONY: all setup configure build web run demo test test-sanitize bench format clean

all: build

setup:
	@bash scripts/setup.sh

configure: setup
	@cmake -G Ninja -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null

build: configure web
	@ninja -C $(BUILD) -j $(JOBS)

# The web app (Vite + TypeScript): npm ci from the lock file, then the build into web/dist.
web: setup
	@cd web && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; }
	@cd web && npm run --silent build > /dev/null

$(DEMO_DB):
	@mkdir -p $(dir $(DEMO_DB))
	@$(BUILD)/lagesbild demo --db $(DEMO_DB) --seed $(SEED)

demo: build $(DEMO_DB)

run: demo
	@echo "Lägesbild: http://127.0.0.1:$(PORT)/  (demo users: see README)"
	@$(BUILD)/lagesbild serve --db $(DEMO_DB) --port $(PORT) --static web/dist

test: build
	@bash scripts/test.sh $(BUILD)

# Unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: setup
	@cmake -G Ninja -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLB_SANITIZE=ON -DLB_BENCH=OFF > /dev/null
	@ninja -C build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$$PWD/../tests/lsan.supp" \
	  ctest --output-on-failure -E integration

bench: build
	@bash bench/run.sh $(BUILD)

format:
	@clang-format -i $$(git ls-files --cached --others --exclude-standard 'src/*.h' 'src/*.cc' 'tests/*.h' 'tests/*.cc' 'bench/*.h' 'bench/*.cc')

clean:
	@rm -rf $(BUILD) build-asan web/dist web/node_modules
