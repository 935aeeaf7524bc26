// Small display helpers shared by the views.

const SERVICE_LABELS: Record<string, string> = {
  lambda: "Lambda",
  dynamodb: "DynamoDB",
  apigateway: "API Gateway",
  "api-gateway": "API Gateway",
  sqs: "SQS",
  sns: "SNS",
  s3: "S3",
  eventbridge: "EventBridge",
  stepfunctions: "Step Functions",
  "step-functions": "Step Functions",
  kinesis: "Kinesis",
  cloudwatch: "CloudWatch",
  cognito: "Cognito",
  iam: "IAM",
  appsync: "AppSync",
  xray: "X-Ray",
  "x-ray": "X-Ray",
  sam: "SAM",
  cdk: "CDK",
  cloudformation: "CloudFormation",
  general: "General",
};

/** "dynamodb" → "DynamoDB"; unknown ids are title-cased ("my-service" → "My Service"). */
export function serviceLabel(service: string): string {
  const known = SERVICE_LABELS[service.toLowerCase()];
  if (known) return known;
  return service
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ") || "General";
}

/** The last `keep` path components of a file, for compact display. */
export function shortPath(file: string, keep = 2): string {
  const parts = file.split(/[\\/]/).filter(Boolean);
  if (parts.length <= keep) return file;
  return "…/" + parts.slice(-keep).join("/");
}

export function fileLine(file: string, line: number): string {
  return `${shortPath(file)}:${line}`;
}

export function headingPathLabel(path: string[]): string {
  return path.join(" › ");
}
