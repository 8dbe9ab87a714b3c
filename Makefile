.PHONY: run test
run:   ## install what is missing, then serve the app on http://localhost:8501
	bash scripts/run_app.sh
test:  ## install what is missing (chromium included), then run the whole test suite
	bash scripts/run_tests.sh
