import { knownRegions } from "../../config/regions.ts";
import { paginate } from "../paging.ts";
import { type ServiceSim, type SimRequest, stringList } from "./types.ts";

const ACCOUNT_PAGES = {
  tokenIn: "NextToken",
  tokenOut: "NextToken",
  sizeParam: "MaxResults",
  defaultSize: 20,
};

/** Regions that need no opt-in (the rest are opt-in: DISABLED unless the account enabled them). */
export const DEFAULT_ON = new Set([
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "sa-east-1",
]);

/** Opt-in status of every commercial region for the calling account, as the Account API reports it. */
export function regionStatuses(r: SimRequest): Array<{ RegionName: string; RegionOptStatus: string }> {
  return knownRegions("aws").map((name) => ({
    RegionName: name,
    RegionOptStatus: r.enabled.includes(name)
      ? DEFAULT_ON.has(name)
        ? "ENABLED_BY_DEFAULT"
        : "ENABLED"
      : "DISABLED",
  }));
}

/** The AWS Account Management API (`account:ListRegions`). */
export const account: ServiceSim = {
  ListRegions(r) {
    const wanted = stringList(r.params.RegionOptStatusContains);
    const list = regionStatuses(r).filter((s) => !wanted || wanted.includes(s.RegionOptStatus));
    return paginate(r, list, ACCOUNT_PAGES, "Regions");
  },
};
