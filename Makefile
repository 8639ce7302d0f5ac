# The commands a newcomer needs; README.md explains each.
MVN ?= mvn -B -q

PY := .venv/python/bin/python

.PHONY: build demo test test-fast python-env java-test airflow-test cluster-test notebooks jupyter bench clean

## build: compile and package the application jar (jobs/target/audience-jobs-app.jar)
build:
	$(MVN) -DskipTests package

## demo: generate sample data, run the whole pipeline over it, print a summary (lakehouse/ stays for queries)
demo: build
	bin/audience demo

## test: every test of every suite (the jobs', the notebooks', the Airflow DAGs', S3 and the standalone
## cluster), in three lanes at once; times per suite in target/test-suites/times.tsv (bin/test-suites)
test:
	bin/setup-browser
	bin/test-suites all

## test-fast: the unit and small-fixture tests of every suite (no generated demo dataset, no cluster,
## no end-to-end DAG run): the command to run while working
test-fast:
	bin/setup-browser
	bin/test-suites fast

## python-env: Airflow, PySpark, Jupyter and moto into .venv/python, the one Python environment
python-env:
	bin/setup-python

## java-test: the jobs' tests alone (unit, Spark integration, statistical, the dashboard in headless Chromium)
java-test:
	bin/setup-browser
	$(MVN) package

## airflow-test: lint and test the DAGs with real Airflow and the jar
airflow-test: build python-env
	cd airflow-dags && ../$(PY) -m pytest

## notebooks: run every notebook headless against lakehouse/ (make demo first when it is missing)
notebooks: build python-env
	@if [ ! -d lakehouse/gold.db ]; then echo "lakehouse/ has no gold tables: building it with make demo" >&2; $(MAKE) demo; fi
	cd notebooks && ../$(PY) -m pytest -q -p no:cacheprovider tests

## jupyter: Jupyter Lab on notebooks/ (the session holds the embedded catalog while a kernel runs)
jupyter: build python-env
	cd notebooks && ../.venv/python/bin/jupyter lab

## cluster-test: the pipeline on S3 (moto's server) in local mode, then again on a Spark standalone
## master with two workers, against a local run (docs/s3-and-clusters.md)
cluster-test: build python-env
	cd cluster-tests && ../$(PY) -m pytest

## bench: the benchmarks; figures go to docs/benchmarks.md (JVM heap: AUDIENCE_JAVA_OPTS, default -Xmx8g)
bench: build
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench ingest --runs-at-largest 1
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench sessionize --runs-at-largest 1
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench clv
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench segments --runs-at-largest 1
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench churn

clean:
	$(MVN) clean
	rm -rf lakehouse models reports bench-data
