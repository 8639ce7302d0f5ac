# The commands a newcomer needs; README.md explains each.
MVN ?= mvn -B -q

.PHONY: build demo test java-test airflow-test cluster-test bench clean

## build: compile and package the application jar (jobs/target/audience-jobs-app.jar)
build:
	$(MVN) -DskipTests package

## demo: generate sample data, run the whole pipeline over it, print a summary (lakehouse/ stays for queries)
demo: build
	bin/audience demo

## test: every test: the jobs', the Airflow DAGs', S3 and the standalone cluster
test: java-test airflow-test cluster-test

## java-test: the jobs' tests (unit, Spark integration, statistical)
java-test:
	$(MVN) package

## airflow-test: install Airflow into .venv/airflow, then lint and test the DAGs with real Airflow and the jar
airflow-test: build
	bin/setup-airflow
	cd airflow-dags && ../.venv/airflow/bin/python -m pytest

## cluster-test: install PySpark and moto into .venv/cluster-tests, then run the pipeline on S3 (moto's server)
## in local mode and on a Spark standalone master with two workers, against a local run (docs/s3-and-clusters.md)
cluster-test: build
	bin/setup-cluster-tests
	cd cluster-tests && ../.venv/cluster-tests/bin/python -m pytest

## bench: the benchmarks; figures go to docs/benchmarks.md (JVM heap: AUDIENCE_JAVA_OPTS, default -Xmx8g)
bench: build
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench ingest
	AUDIENCE_JAVA_OPTS="$${AUDIENCE_JAVA_OPTS:--Xmx8g}" bin/audience bench clv

clean:
	$(MVN) clean
	rm -rf lakehouse models reports bench-data
