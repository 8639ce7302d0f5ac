# The commands a newcomer needs; README.md explains each.
MVN ?= mvn -B -q

.PHONY: build demo test java-test airflow-test cluster-test notebooks jupyter bench clean

## build: compile and package the application jar (jobs/target/audience-jobs-app.jar)
build:
	$(MVN) -DskipTests package

## demo: generate sample data, run the whole pipeline over it, print a summary (lakehouse/ stays for queries)
demo: build
	bin/audience demo

## test: every test: the jobs', the Airflow DAGs', S3 and the standalone cluster, the notebooks'
test: java-test airflow-test cluster-test notebooks

## java-test: the jobs' tests (unit, Spark integration, statistical, the dashboard in headless Chromium)
java-test:
	bin/setup-browser
	$(MVN) package

## airflow-test: install Airflow into .venv/airflow, then lint and test the DAGs with real Airflow and the jar
airflow-test: build
	bin/setup-airflow
	cd airflow-dags && ../.venv/airflow/bin/python -m pytest

## notebooks: install PySpark and Jupyter into .venv/notebooks, then run every notebook headless against lakehouse/ (make demo first when it is missing)
notebooks: build
	bin/setup-notebooks
	@if [ ! -d lakehouse/gold.db ]; then echo "lakehouse/ has no gold tables: building it with make demo" >&2; $(MAKE) demo; fi
	cd notebooks && ../.venv/notebooks/bin/python -m pytest -q -p no:cacheprovider tests

## jupyter: Jupyter Lab on notebooks/ with the notebooks' venv (the session holds the embedded catalog while a kernel runs)
jupyter: build
	bin/setup-notebooks
	cd notebooks && ../.venv/notebooks/bin/jupyter lab

## cluster-test: install PySpark and moto into .venv/cluster-tests, then run the pipeline on S3 (moto's server)
## in local mode and on a Spark standalone master with two workers, against a local run (docs/s3-and-clusters.md)
cluster-test: build
	bin/setup-cluster-tests
	cd cluster-tests && ../.venv/cluster-tests/bin/python -m pytest

## bench: the benchmarks; figures go to docs/benchmarks.md (JVM heap: AUDIENCE_JAVA_OPTS, default -Xmx8g)
bench: build
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench ingest
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench clv
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench segments --runs-at-largest 1
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench churn

clean:
	$(MVN) clean
	rm -rf lakehouse models reports bench-data
