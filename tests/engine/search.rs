use coldstart::{SearchRequest, SourceFilter};

use crate::library;

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit: 10,
        service: None,
        source: SourceFilter::All,
    }
}

#[test]
fn finds_900_seconds_in_bundled_notes_with_highlights() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    let res = lib.search(&req("900 seconds")).unwrap();
    assert!(!res.hits.is_empty());
    let hit = &res.hits[0];
    assert!(hit.file.starts_with("content/"), "{hit:?}");
    // A quantity is highlighted as one span ("<b>900 seconds</b>"), the words alone as words.
    assert!(
        hit.snippet.contains("<b>900 seconds</b>")
            || (hit.snippet.contains("<b>900</b>") && hit.snippet.contains("<b>seconds</b>")),
        "{}",
        hit.snippet
    );
    assert!(hit.line >= 1 && hit.end_line >= hit.line);
    // The span really is the section: its first line is the heading.
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&hit.file)).unwrap();
    let first = text.lines().nth(hit.line as usize - 1).unwrap();
    assert!(first.starts_with('#'), "line {} is {first:?}", hit.line);
    assert!(first.contains(hit.heading_path.last().unwrap()));
}

#[test]
fn prefix_of_the_last_word_matches_as_you_type() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    for partial in [
        "provisioned concurr",
        "provisioned concurre",
        "provisioned concurren",
    ] {
        let res = lib.search(&req(partial)).unwrap();
        assert!(!res.fuzzy, "{partial}");
        assert!(
            res.hits
                .iter()
                .any(|h| h.heading_path.last().unwrap().contains("Provisioned concurrency")),
            "{partial}: {:?}",
            res.hits.iter().map(|h| &h.heading_path).collect::<Vec<_>>()
        );
        assert!(
            res.hits.iter().any(|h| h.snippet.contains("<b>concurrency</b>")),
            "{partial}: no highlight"
        );
    }
}

#[test]
fn typos_fall_back_to_fuzzy_matching() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    let res = lib.search(&req("visibilty timout ")).unwrap();
    assert!(res.fuzzy);
    assert!(!res.hits.is_empty());
    assert!(
        res.hits[0].snippet.contains("<b>visibility</b>"),
        "{}",
        res.hits[0].snippet
    );
}

#[test]
fn phrases_and_filters() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    let phrase = lib.search(&req("\"reserved concurrency\"")).unwrap();
    assert!(!phrase.hits.is_empty());
    assert!(phrase.hits.iter().all(|h| h.service == "lambda"));

    let mut r = req("partition key");
    r.service = Some("dynamodb".into());
    let res = lib.search(&r).unwrap();
    assert!(!res.hits.is_empty());
    assert!(res.hits.iter().all(|h| h.service == "dynamodb"));
    let inline = lib.search(&req("partition key service:dynamodb")).unwrap();
    assert_eq!(
        inline.hits.iter().map(|h| &h.anchor).collect::<Vec<_>>(),
        res.hits.iter().map(|h| &h.anchor).collect::<Vec<_>>()
    );

    let mut r = req("partition key");
    r.source = SourceFilter::Imported;
    assert!(lib.search(&r).unwrap().hits.is_empty(), "nothing imported yet");
}

#[test]
fn empty_and_odd_queries_do_not_fail() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    for q in [
        "",
        "   ",
        "\"",
        "\"unclosed phrase",
        "service:",
        "!!! ???",
        "a",
        "ü",
        "(",
        "*",
    ] {
        lib.search(&req(q)).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
}

/// Each syllabus topic, asked the way exam questions and learners phrase it, finds a section of
/// the right service in the first three hits.
#[test]
fn every_syllabus_topic_is_found_by_its_exam_phrasing() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    let topics: &[(&str, &str)] = &[
        ("what is serverless", "overview"),
        ("EC2 vs Lambda", "overview"),
        (
            "reference architecture static website Cognito API Gateway",
            "overview",
        ),
        ("Lambda custom runtime bootstrap", "lambda"),
        ("Lambda container image", "lambda"),
        ("Lambda pricing free tier GB-seconds", "lambda"),
        ("asynchronous invocation retries", "lambda"),
        ("dead-letter queue destinations", "lambda"),
        ("event source mapping batch size", "lambda"),
        ("SQS FIFO ordering Lambda", "lambda"),
        ("S3 event notifications", "lambda"),
        ("execution role resource-based policy", "lambda"),
        ("environment variables KMS encryption", "lambda"),
        ("X-Ray tracing", "lambda"),
        ("Lambda VPC NAT gateway", "lambda"),
        ("RDS Proxy", "lambda"),
        ("memory CPU vCPU", "lambda"),
        ("execution context /tmp reuse", "lambda"),
        ("reserved concurrency", "lambda"),
        ("provisioned concurrency cold start", "lambda"),
        ("SnapStart", "lambda"),
        ("Lambda layers", "lambda"),
        ("CloudFormation inline ZipFile", "lambda"),
        ("aliases versions traffic shifting CodeDeploy", "lambda"),
        ("deployment package size limit", "lambda"),
        ("Lambda@Edge CloudFront Functions", "lambda"),
        ("serverless cron schedule", "lambda"),
        ("thumbnail", "lambda"),
        ("NoSQL vs relational", "dynamodb"),
        ("400 KB item size", "dynamodb"),
        ("partition key sort key", "dynamodb"),
        ("on-demand vs provisioned capacity", "dynamodb"),
        ("RCU WCU calculation strongly consistent", "dynamodb"),
        ("hot partition write sharding", "dynamodb"),
        ("ProvisionedThroughputExceededException", "dynamodb"),
        ("conditional writes", "dynamodb"),
        ("Query vs Scan parallel scan", "dynamodb"),
        ("BatchWriteItem", "dynamodb"),
        ("PartiQL", "dynamodb"),
        ("LSI vs GSI", "dynamodb"),
        ("optimistic locking version", "dynamodb"),
        ("DAX vs ElastiCache", "dynamodb"),
        ("DynamoDB Streams view types", "dynamodb"),
        ("TTL expired items", "dynamodb"),
        ("TransactWriteItems", "dynamodb"),
        ("point-in-time recovery", "dynamodb"),
        ("global tables", "dynamodb"),
        ("dynamodb:LeadingKeys fine-grained access", "dynamodb"),
        ("DynamoDB Local", "dynamodb"),
        ("Lambda proxy integration", "api-gateway"),
        ("mapping templates VTL", "api-gateway"),
        ("edge-optimized regional private endpoint", "api-gateway"),
        ("stage variables", "api-gateway"),
        ("canary release", "api-gateway"),
        ("OpenAPI import", "api-gateway"),
        ("API Gateway caching invalidate", "api-gateway"),
        ("usage plans API keys", "api-gateway"),
        ("429 throttling burst", "api-gateway"),
        ("504 integration timeout 29 seconds", "api-gateway"),
        ("CORS", "api-gateway"),
        ("Lambda authorizer", "api-gateway"),
        ("HTTP API vs REST API", "api-gateway"),
        ("WebSocket API", "api-gateway"),
        ("user pools JWT hosted UI", "cognito"),
        ("identity pools temporary credentials guest", "cognito"),
        ("user pools vs identity pools", "cognito"),
        ("Amazon States Language", "step-functions"),
        ("Retry Catch BackoffRate", "step-functions"),
        ("Standard vs Express workflows", "step-functions"),
        ("SAM template Transform", "sam"),
        ("sam local invoke", "sam"),
        ("SAM policy templates", "sam"),
        ("CDK vs SAM", "sam"),
        ("AppSync GraphQL resolvers", "integration"),
        ("SNS fan-out filter policy", "integration"),
        ("SQS visibility timeout", "integration"),
        ("Kinesis shards enhanced fan-out", "integration"),
        ("Firehose", "integration"),
        ("AssumeRole STS", "security"),
        ("iam:PassRole", "security"),
        ("envelope encryption GenerateDataKey", "security"),
        ("SSE-KMS SSE-C bucket policy", "security"),
        ("Parameter Store vs Secrets Manager", "security"),
        ("CloudWatch Logs encryption KMS", "security"),
    ];
    let mut misses = Vec::new();
    for (q, service) in topics {
        let res = lib.search(&req(&format!("{q} "))).unwrap();
        if !res.hits.iter().take(3).any(|h| h.service == *service) {
            misses.push(format!(
                "{q:?} (want {service}): {:?}",
                res.hits
                    .iter()
                    .take(3)
                    .map(|h| (&h.service, h.heading_path.last()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {} topics missed:\n{}",
        misses.len(),
        topics.len(),
        misses.join("\n")
    );
}
