// Starting inputs for the Simulators view: a realistic scenario for each model, so every widget
// opens with a result (inputs without a default are required). Keys are the catalog's interface.
import type { InputValue } from "../../lib/ipc/types";

export const EXAMPLES: Record<string, Record<string, InputValue>> = {
  "dynamodb-capacity": { reads_per_second: 10, writes_per_second: 10, item_size_kb: 6, read_consistency: "strong" },
  "dynamodb-partitions": { rcu: 5000, wcu: 2000, size_gb: 25 },
  "dynamodb-cost": { reads_per_second: 100, writes_per_second: 20, item_size_kb: 2 },
  "lambda-cost": { requests_per_month: 5_000_000, avg_duration_ms: 120, memory_mb: 512 },
  "lambda-concurrency": { requests_per_second: 100, avg_duration_ms: 200, spike_rps: 500, spike_seconds: 10 },
  "lambda-fit": { memory_mb: 1024, duration_seconds: 30, package_zip_mb: 20, package_unzipped_mb: 80 },
  "apigw-throttle": { steady_rps: 8000, spike_rps: 20000, spike_seconds: 5 },
  "retry-schedule": { preset: "step-functions-default" },
  "sqs-lambda": { function_timeout_seconds: 30, messages_per_second: 100, avg_duration_ms: 500 },
  "kinesis-shards": { ingest_mb_per_second: 3, records_per_second: 2500, consumers: 3 },
};
