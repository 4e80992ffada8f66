import { AwsServiceError } from "../aws-error.ts";
import { paginate, RDS_PAGES } from "../paging.ts";
import { applyFilters } from "./ec2-filters.ts";
import { cluster, data, instance, snapshot } from "./rds-shapes.ts";
import type { ServiceSim, SimRequest } from "./types.ts";

/** RDS describe operations: instances, Aurora clusters, snapshots, with RDS's Marker pagination. */
const notFound = (r: SimRequest, code: string, what: string, id: unknown) =>
  new AwsServiceError(code, `${what} ${String(id)} not found.`, r.operation, 404);

/** The row named by identifier parameter `param`, or every row when the request names none. */
function one<T extends { id: string }>(
  r: SimRequest,
  list: T[],
  param: string,
  code: string,
  what: string,
): T[] {
  const id = r.params[param];
  if (id === undefined) return list;
  const hit = list.filter((t) => t.id === id);
  if (hit.length === 0) throw notFound(r, code, what, id);
  return hit;
}

/** Instance (or cluster) snapshots matching the identifier, source and `SnapshotType` parameters. */
function snapshots(r: SimRequest, clusters: boolean, idParam: string, sourceParam: string) {
  const type = r.params.SnapshotType;
  return data(r)
    .snapshots.filter(
      (s) =>
        (s.cluster === true) === clusters &&
        (r.params[idParam] === undefined || s.id === r.params[idParam]) &&
        (r.params[sourceParam] === undefined || s.of === r.params[sourceParam]) &&
        (type === undefined || s.type === type),
    )
    .map((s) => snapshot(s, r));
}

export const rds: ServiceSim = {
  DescribeDBInstances(r) {
    const rows = one(r, data(r).instances, "DBInstanceIdentifier", "DBInstanceNotFound", "DBInstance");
    const list = applyFilters(
      rows.map((i) => instance(i, r)),
      r.params,
      {
        "db-instance-id": (i) => [i.DBInstanceIdentifier, i.DBInstanceArn],
        "db-cluster-id": (i) => i.DBClusterIdentifier,
        engine: (i) => i.Engine,
        "dbi-resource-id": (i) => i.DbiResourceId,
      },
      r.operation,
    );
    return paginate(r, list, RDS_PAGES, "DBInstances");
  },
  DescribeDBClusters(r) {
    const rows = one(r, data(r).clusters, "DBClusterIdentifier", "DBClusterNotFoundFault", "DBCluster");
    const list = applyFilters(
      rows.map((c) => cluster(c, r)),
      r.params,
      { "db-cluster-id": (c) => [c.DBClusterIdentifier, c.DBClusterArn], engine: (c) => c.Engine },
      r.operation,
    );
    return paginate(r, list, RDS_PAGES, "DBClusters");
  },
  DescribeDBSnapshots(r) {
    const list = snapshots(r, false, "DBSnapshotIdentifier", "DBInstanceIdentifier");
    if (r.params.DBSnapshotIdentifier !== undefined && list.length === 0) {
      throw notFound(r, "DBSnapshotNotFound", "DBSnapshot", r.params.DBSnapshotIdentifier);
    }
    return paginate(r, list, RDS_PAGES, "DBSnapshots");
  },
  DescribeDBClusterSnapshots(r) {
    const list = snapshots(r, true, "DBClusterSnapshotIdentifier", "DBClusterIdentifier");
    return paginate(r, list, RDS_PAGES, "DBClusterSnapshots");
  },
};
