#!/usr/bin/env bash
# Deploys ops-agent: central stack, member-role StackSet, arm64 image, AgentCore runtime, smoke test.
# Idempotent: every step creates what is missing and updates what exists. Prints each command ("+ ...")
# before running it; --dry-run prints the same commands and runs none (no AWS, no docker calls).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: infrastructure/deploy.sh [options] STEP...

Steps (run in the order given; "all" = central stackset image runtime smoke):
  central     deploy the central stack: AgentCore execution role + ECR repository
  stackset    create or update the member-role StackSet (service-managed) and its instances in --ou-ids
  image       build the linux/arm64 image with docker buildx and push it to ECR
  runtime     create or update the AgentCore runtime (HTTP, PUBLIC network, MMDSv2 required)
  smoke       invoke the runtime once with aws bedrock-agentcore invoke-agent-runtime

Options:
  --region REGION              AWS region (default: $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)
  --account-id ID              central account id (default: from sts get-caller-identity)
  --org-id o-xxxxxxxxxx        organization id (default: from organizations describe-organization)
  --ou-ids OU[,OU...]          organizational units that get the member role (stackset)
  --settings FILE              settings (YAML or JSON) passed to the runtime as OPS_AGENT_SETTINGS; with
                               organizations.enabled the runtime discovers the accounts and needs no registry
  --account-registry FILE      account registry (YAML or JSON) passed to the runtime as ACCOUNT_REGISTRY
                               (optional with discovery: listed accounts override what Organizations says)
  --central-stack NAME         central stack name (default: ops-agent-central)
  --stackset-name NAME         StackSet name (default: ops-agent-member-role)
  --call-as SELF|DELEGATED_ADMIN  StackSet caller: management account or delegated admin (default: SELF)
  --execution-role-name NAME   AgentCore execution role (default: CentralOpsAgentRole)
  --target-role-name NAME      member account role (default: CentralOpsTargetRole)
  --external-id ID             sts:ExternalId required by the member role (default: none)
  --model-id ID                Bedrock model id (default: anthropic.claude-sonnet-4-5-20250929-v1:0)
  --inference-profile-id ID    inference profile the agent calls (default: us.<model-id>; "" for none)
  --repository NAME            ECR repository (default: ops-agent)
  --image-tag TAG              image tag (default: git short commit)
  --runtime-name NAME          AgentCore runtime name (default: ops_agent)
  --prompt TEXT                smoke-test prompt
  --observability              runtime: AGENT_OBSERVABILITY_ENABLED=true (traces to the X-Ray OTLP endpoint;
                               needs CloudWatch Transaction Search, see infrastructure/README.md)
  --dry-run                    print the commands only; make no AWS or docker calls
  --assume-exists              with --dry-run: show the update paths (StackSet and runtime already exist)
  -h, --help                   this help
EOF
}

die() {
  echo "deploy.sh: $*" >&2
  exit 2
}
say() { printf '==> %s\n' "$*"; }
# print_cmd CMD...: "+ CMD" as a shell line, single-quoting the words that need it.
print_cmd() {
  local word line="+"
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then line+=" $word"; else line+=" '${word//\'/\'\\\'\'}'"; fi
  done
  printf '%s\n' "$line"
}
run() {
  print_cmd "$@"
  [[ $DRY_RUN == 1 ]] || "$@"
}
# capture VAR DRY_VALUE CMD...: runs CMD and stores its stdout in VAR (DRY_VALUE under --dry-run).
capture() {
  local var=$1 dry_value=$2 out
  shift 2
  print_cmd "$@"
  if [[ $DRY_RUN == 1 ]]; then out=$dry_value; else out=$("$@"); fi
  printf -v "$var" '%s' "$out"
}
# exists CMD...: true when CMD succeeds (the resource exists); --assume-exists decides under --dry-run.
exists() {
  print_cmd "$@"
  if [[ $DRY_RUN == 1 ]]; then [[ $ASSUME_EXISTS == 1 ]]; else "$@" >/dev/null 2>&1; fi
}
json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INFRA=$REPO_ROOT/infrastructure
REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}
ACCOUNT_ID="" ORG_ID="" OU_IDS="" REGISTRY_FILE="" SETTINGS_FILE="" EXTERNAL_ID="" IMAGE_TAG=""
CENTRAL_STACK=ops-agent-central STACKSET_NAME=ops-agent-member-role CALL_AS=SELF
EXECUTION_ROLE=CentralOpsAgentRole TARGET_ROLE=CentralOpsTargetRole REPOSITORY=ops-agent RUNTIME_NAME=ops_agent
MODEL_ID=anthropic.claude-sonnet-4-5-20250929-v1:0 PROFILE_ID=UNSET
PROMPT="Which accounts can you reach? Answer in one sentence."
DRY_RUN=0 ASSUME_EXISTS=0 OBSERVABILITY=0
STEPS=()

while (($# > 0)); do
  case $1 in
    --region | --account-id | --org-id | --ou-ids | --account-registry | --settings | --central-stack | --stackset-name | \
      --call-as | --execution-role-name | --target-role-name | --external-id | --model-id | \
      --inference-profile-id | --repository | --image-tag | --runtime-name | --prompt)
      (($# >= 2)) || die "$1 needs a value"
      case $1 in
        --region) REGION=$2 ;;
        --account-id) ACCOUNT_ID=$2 ;;
        --org-id) ORG_ID=$2 ;;
        --ou-ids) OU_IDS=$2 ;;
        --account-registry) REGISTRY_FILE=$2 ;;
        --settings) SETTINGS_FILE=$2 ;;
        --central-stack) CENTRAL_STACK=$2 ;;
        --stackset-name) STACKSET_NAME=$2 ;;
        --call-as) CALL_AS=$2 ;;
        --execution-role-name) EXECUTION_ROLE=$2 ;;
        --target-role-name) TARGET_ROLE=$2 ;;
        --external-id) EXTERNAL_ID=$2 ;;
        --model-id) MODEL_ID=$2 ;;
        --inference-profile-id) PROFILE_ID=$2 ;;
        --repository) REPOSITORY=$2 ;;
        --image-tag) IMAGE_TAG=$2 ;;
        --runtime-name) RUNTIME_NAME=$2 ;;
        --prompt) PROMPT=$2 ;;
      esac
      shift 2
      ;;
    --dry-run) DRY_RUN=1 && shift ;;
    --observability) OBSERVABILITY=1 && shift ;;
    --assume-exists) ASSUME_EXISTS=1 && shift ;;
    -h | --help) usage && exit 0 ;;
    all) STEPS+=(central stackset image runtime smoke) && shift ;;
    central | stackset | image | runtime | smoke) STEPS+=("$1") && shift ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

((${#STEPS[@]} > 0)) || die "no step given (central, stackset, image, runtime, smoke or all; see --help)"
[[ $PROFILE_ID == UNSET ]] && PROFILE_ID=us.$MODEL_ID
[[ $REGION =~ ^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$ ]] || die "--region: not an AWS region: $REGION"
[[ $RUNTIME_NAME =~ ^[a-zA-Z][a-zA-Z0-9_]{0,47}$ ]] || die "--runtime-name: letters, digits and _ only, 1-48 characters"
[[ $CALL_AS == SELF || $CALL_AS == DELEGATED_ADMIN ]] || die "--call-as: SELF or DELEGATED_ADMIN"
[[ $ASSUME_EXISTS == 0 || $DRY_RUN == 1 ]] || die "--assume-exists only makes sense with --dry-run"
if [[ -n $ACCOUNT_ID && ! $ACCOUNT_ID =~ ^[0-9]{12}$ ]]; then die "--account-id: 12 digits expected"; fi
if [[ -n $ORG_ID && ! $ORG_ID =~ ^o-[a-z0-9]{10,32}$ ]]; then die "--org-id: o-xxxxxxxxxx expected"; fi
if [[ -n $REGISTRY_FILE && ! -r $REGISTRY_FILE ]]; then die "--account-registry: cannot read $REGISTRY_FILE"; fi
if [[ -n $SETTINGS_FILE && ! -r $SETTINGS_FILE ]]; then die "--settings: cannot read $SETTINGS_FILE"; fi

case $REGION in
  cn-*) PARTITION=aws-cn ECR_DOMAIN=amazonaws.com.cn ;;
  us-gov-*) PARTITION=aws-us-gov ECR_DOMAIN=amazonaws.com ;;
  *) PARTITION=aws ECR_DOMAIN=amazonaws.com ;;
esac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

need_account_id() {
  [[ -n $ACCOUNT_ID ]] && return
  [[ $DRY_RUN == 0 ]] || die "--dry-run needs --account-id (it makes no AWS calls)"
  capture ACCOUNT_ID "" aws sts get-caller-identity --query Account --output text
}
need_image_tag() {
  [[ -n $IMAGE_TAG ]] && return
  IMAGE_TAG=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null) || die "not a git checkout: pass --image-tag"
}
registry_host() { echo "$ACCOUNT_ID.dkr.ecr.$REGION.$ECR_DOMAIN"; }
image_uri() { echo "$(registry_host)/$REPOSITORY:$IMAGE_TAG"; }
role_arn() { echo "arn:$PARTITION:iam::$ACCOUNT_ID:role/$EXECUTION_ROLE"; }

step_central() {
  say "central stack $CENTRAL_STACK (execution role $EXECUTION_ROLE, repository $REPOSITORY)"
  if [[ -z $ORG_ID ]]; then
    [[ $DRY_RUN == 0 ]] || die "--dry-run needs --org-id (it makes no AWS calls)"
    capture ORG_ID "" aws organizations describe-organization --query Organization.Id --output text
  fi
  run aws cloudformation deploy --region "$REGION" --stack-name "$CENTRAL_STACK" \
    --template-file "$INFRA/central-account.yaml" --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \
    --parameter-overrides "OrganizationId=$ORG_ID" "TargetRoleName=$TARGET_ROLE" "ExecutionRoleName=$EXECUTION_ROLE" \
    "ModelId=$MODEL_ID" "InferenceProfileId=$PROFILE_ID" "RepositoryName=$REPOSITORY"
}

# wait_stackset_operation ID: polls until the StackSet operation ends (operations cannot overlap).
wait_stackset_operation() {
  local status=RUNNING
  print_cmd aws cloudformation describe-stack-set-operation --region "$REGION" --call-as "$CALL_AS" \
    --stack-set-name "$STACKSET_NAME" --operation-id "$1" --query StackSetOperation.Status --output text
  [[ $DRY_RUN == 1 ]] && return
  local delay=1 deadline=$((SECONDS + 1800))
  while ((SECONDS < deadline)); do
    status=$(aws cloudformation describe-stack-set-operation --region "$REGION" --call-as "$CALL_AS" \
      --stack-set-name "$STACKSET_NAME" --operation-id "$1" --query StackSetOperation.Status --output text)
    case $status in
      SUCCEEDED) return ;;
      FAILED | STOPPED) die "StackSet operation $1 ended $status (aws cloudformation list-stack-set-operation-results)" ;;
    esac
    sleep "$delay"
    delay=$((delay < 8 ? delay * 2 : 15))
  done
  die "StackSet operation $1 still $status after 30 minutes"
}

step_stackset() {
  [[ -n $OU_IDS ]] || die "stackset needs --ou-ids ou-xxxx-xxxxxxxx[,...]"
  local ou op params
  for ou in ${OU_IDS//,/ }; do
    [[ $ou =~ ^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$ ]] || die "--ou-ids: not an OU or root id: $ou"
  done
  need_account_id
  say "StackSet $STACKSET_NAME (role $TARGET_ROLE) in OUs $OU_IDS, region $REGION"
  params="[{\"ParameterKey\":\"CentralAccountId\",\"ParameterValue\":\"$ACCOUNT_ID\"}"
  params+=",{\"ParameterKey\":\"CentralRoleName\",\"ParameterValue\":$(json_string "$EXECUTION_ROLE")}"
  params+=",{\"ParameterKey\":\"TargetRoleName\",\"ParameterValue\":$(json_string "$TARGET_ROLE")}"
  params+=",{\"ParameterKey\":\"ExternalId\",\"ParameterValue\":$(json_string "$EXTERNAL_ID")}]"
  local common=(--region "$REGION" --call-as "$CALL_AS" --stack-set-name "$STACKSET_NAME")
  local template=(--template-body "file://$INFRA/member-account-role.yaml" --capabilities CAPABILITY_NAMED_IAM
    --parameters "$params" --auto-deployment "Enabled=true,RetainStacksOnAccountRemoval=false")
  if exists aws cloudformation describe-stack-set "${common[@]}"; then
    capture op dry-run-update-operation aws cloudformation update-stack-set "${common[@]}" "${template[@]}" \
      --operation-preferences FailureToleranceCount=0,MaxConcurrentPercentage=100 --query OperationId --output text
    wait_stackset_operation "$op"
  else
    run aws cloudformation create-stack-set "${common[@]}" "${template[@]}" --permission-model SERVICE_MANAGED \
      --description "ops-agent read-only target role ($TARGET_ROLE)"
  fi
  # Adds instances for OUs not yet covered; OUs already deployed are left as they are.
  capture op dry-run-instances-operation aws cloudformation create-stack-instances "${common[@]}" \
    --deployment-targets "OrganizationalUnitIds=$OU_IDS" --regions "$REGION" \
    --operation-preferences FailureToleranceCount=0,MaxConcurrentPercentage=100 --query OperationId --output text
  wait_stackset_operation "$op"
}

step_image() {
  need_account_id
  need_image_tag
  say "image $(image_uri) (linux/arm64)"
  print_cmd aws ecr get-login-password --region "$REGION" "|" docker login --username AWS --password-stdin "$(registry_host)"
  if [[ $DRY_RUN == 0 ]]; then
    aws ecr get-login-password --region "$REGION" | docker login --username AWS --password-stdin "$(registry_host)"
  fi
  # --provenance=false: push a plain single-platform image, not an index with an attestation manifest.
  run docker buildx build --platform linux/arm64 --provenance=false --tag "$(image_uri)" --push "$REPO_ROOT"
}

# wait_runtime_ready ID: polls until the runtime is READY after create or update.
wait_runtime_ready() {
  local status=CREATING
  print_cmd aws bedrock-agentcore-control get-agent-runtime --region "$REGION" --agent-runtime-id "$1" \
    --query status --output text
  [[ $DRY_RUN == 1 ]] && return
  local delay=1 deadline=$((SECONDS + 900))
  while ((SECONDS < deadline)); do
    status=$(aws bedrock-agentcore-control get-agent-runtime --region "$REGION" --agent-runtime-id "$1" \
      --query status --output text)
    case $status in
      READY) return ;;
      *FAILED) die "agent runtime $1 is $status (aws bedrock-agentcore-control get-agent-runtime --agent-runtime-id $1)" ;;
    esac
    sleep "$delay"
    delay=$((delay < 8 ? delay * 2 : 15))
  done
  die "agent runtime $1 still $status after 15 minutes"
}

step_runtime() {
  need_account_id
  need_image_tag
  say "AgentCore runtime $RUNTIME_NAME <- $(image_uri)"
  local id env registry="" settings="" model=${PROFILE_ID:-$MODEL_ID}
  [[ -z $REGISTRY_FILE ]] || registry=$(<"$REGISTRY_FILE")
  [[ -z $SETTINGS_FILE ]] || settings=$(<"$SETTINGS_FILE")
  env="{\"AWS_REGION\":$(json_string "$REGION"),\"OPS_AGENT_MODEL_ID\":$(json_string "$model")"
  # The settings travel whole (small); the registry only when given (discovery makes it optional).
  [[ -z $settings ]] || env+=",\"OPS_AGENT_SETTINGS\":$(json_string "$settings")"
  [[ -z $registry ]] || env+=",\"ACCOUNT_REGISTRY\":$(json_string "$registry")"
  [[ $OBSERVABILITY == 0 ]] || env+=",\"AGENT_OBSERVABILITY_ENABLED\":\"true\""
  env+="}"
  local config=(--region "$REGION" --agent-runtime-artifact "containerConfiguration={containerUri=$(image_uri)}"
    --role-arn "$(role_arn)" --network-configuration networkMode=PUBLIC
    --protocol-configuration serverProtocol=HTTP --environment-variables "$env")
  local dry_id=None
  [[ $ASSUME_EXISTS == 0 ]] || dry_id=$RUNTIME_NAME-DRYRUN0000
  capture id "$dry_id" aws bedrock-agentcore-control list-agent-runtimes --region "$REGION" \
    --query "agentRuntimes[?agentRuntimeName=='$RUNTIME_NAME'].agentRuntimeId | [0]" --output text
  if [[ -z $id || $id == None ]]; then
    capture id "$RUNTIME_NAME-DRYRUN0000" aws bedrock-agentcore-control create-agent-runtime \
      --agent-runtime-name "$RUNTIME_NAME" "${config[@]}" --query agentRuntimeId --output text
    wait_runtime_ready "$id"
  fi
  # CreateAgentRuntime does not take the metadata setting; only UpdateAgentRuntime can require MMDSv2,
  # which every runtime must since 2026-06-30 ("This runtime is not MMDSv2-enabled").
  run aws bedrock-agentcore-control update-agent-runtime --agent-runtime-id "$id" "${config[@]}" \
    --metadata-configuration requireMMDSV2=true --query agentRuntimeVersion --output text
  wait_runtime_ready "$id"
  RUNTIME_ID=$id
}

step_smoke() {
  need_account_id
  local id=${RUNTIME_ID:-} arn session payload binary_format=()
  if [[ -z $id ]]; then
    capture id "$RUNTIME_NAME-DRYRUN0000" aws bedrock-agentcore-control list-agent-runtimes --region "$REGION" \
      --query "agentRuntimes[?agentRuntimeName=='$RUNTIME_NAME'].agentRuntimeId | [0]" --output text
    [[ $id != None ]] || die "no agent runtime named $RUNTIME_NAME: run the runtime step first"
  fi
  capture arn "arn:$PARTITION:bedrock-agentcore:$REGION:$ACCOUNT_ID:runtime/$id" \
    aws bedrock-agentcore-control get-agent-runtime --region "$REGION" --agent-runtime-id "$id" \
    --query agentRuntimeArn --output text
  # Session ids must be 33-256 characters; a fresh one never lands on a microVM running an older version.
  session=$(printf 'ops-agent-smoke-%s-%05d%05d' "$(date +%s)" "$RANDOM" "$RANDOM")
  payload="{\"prompt\":$(json_string "$PROMPT")}"
  # AWS CLI v2 reads blob arguments as base64 unless told otherwise; v1 takes them raw.
  if [[ $(aws --version 2>&1 || true) == aws-cli/2* ]]; then binary_format=(--cli-binary-format raw-in-base64-out); fi
  say "smoke test: invoke $arn (session $session)"
  run aws bedrock-agentcore invoke-agent-runtime --region "$REGION" --agent-runtime-arn "$arn" \
    --runtime-session-id "$session" --content-type application/json --accept application/json \
    --payload "$payload" ${binary_format[@]+"${binary_format[@]}"} --cli-read-timeout 900 "$WORK/smoke-response.json"
  [[ $DRY_RUN == 1 ]] || { cat "$WORK/smoke-response.json" && echo; }
}

RUNTIME_ID=""
for step in "${STEPS[@]}"; do
  "step_$step"
done
if [[ $DRY_RUN == 1 ]]; then say "done (dry run: nothing was run)"; else say "done"; fi
