//! Guessing which AWS service a piece of text is about.

/// Services Coldstart knows, with the words that name them (lowercase).
pub const KNOWN_SERVICES: &[(&str, &[&str])] = &[
    ("lambda", &["lambda", "lambda@edge"]),
    ("dynamodb", &["dynamodb", "dynamo db", "dax"]),
    (
        "api-gateway",
        &["api gateway", "apigateway", "api-gateway", "apigw"],
    ),
    ("cognito", &["cognito", "user pool", "identity pool"]),
    (
        "step-functions",
        &[
            "step functions",
            "step function",
            "state machine",
            "states language",
        ],
    ),
    (
        "sam",
        &["sam ", "serverless application model", "sam cli", "sam template"],
    ),
    (
        "integration",
        &[
            "sqs",
            "sns",
            "kinesis",
            "firehose",
            "appsync",
            "amplify",
            "eventbridge",
        ],
    ),
    (
        "security",
        &[
            "iam",
            "kms",
            "sts",
            "secrets manager",
            "parameter store",
            "encryption",
        ],
    ),
    ("overview", &["serverless"]),
];

/// The service a title or heading text is about, if it names one.
pub fn infer_service(text: &str) -> Option<&'static str> {
    let lower = format!("{} ", text.to_lowercase());
    let mut best: Option<(&'static str, usize)> = None;
    for (service, words) in KNOWN_SERVICES {
        for w in *words {
            if let Some(at) = find_word(&lower, w) {
                if best.map(|(_, b)| at < b).unwrap_or(true) {
                    best = Some((service, at));
                }
            }
        }
    }
    best.map(|(s, _)| s)
}

fn find_word(hay: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = hay[from..].find(word) {
        let at = from + pos;
        let before_ok = at == 0 || !hay.as_bytes()[at - 1].is_ascii_alphanumeric();
        let end = at + word.len();
        let after_ok =
            end >= hay.len() || !hay.as_bytes()[end].is_ascii_alphanumeric() || word.ends_with(' ');
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_named_service_wins() {
        assert_eq!(infer_service("DynamoDB Streams and Lambda"), Some("dynamodb"));
        assert_eq!(infer_service("Chapter 11: API Gateway"), Some("api-gateway"));
        assert_eq!(infer_service("Lambdas are fun"), None);
        assert_eq!(infer_service("Shopping list"), None);
    }
}
