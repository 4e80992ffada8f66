/**
 * Fixture shapes of the sandbox's simulated data: compact, readable rows. The service simulators in
 * `../services/` expand them into the response shapes boto3 returns (PascalCase, nested, tagged).
 * Data is keyed by account name, then region; a missing region means "nothing there".
 */
export type ByAccountRegion<T> = Record<string, Record<string, T>>;

export interface VpcRow {
  id: string;
  name: string;
  cidr: string;
  isDefault?: boolean;
}
export interface SubnetRow {
  id: string;
  name: string;
  vpc: string;
  az: string;
  cidr: string;
  public?: boolean;
}
export interface RuleRow {
  /** `tcp`, `udp` or `-1` (all traffic). */
  proto: string;
  from?: number;
  to?: number;
  cidrs?: string[];
  ipv6?: string[];
  /** Source security group ids. */
  groups?: string[];
  description?: string;
}
export interface SecurityGroupRow {
  id: string;
  name: string;
  vpc: string;
  description: string;
  ingress: RuleRow[];
}
export interface InstanceRow {
  id: string;
  name: string;
  type: string;
  state: "running" | "stopped" | "pending" | "stopping";
  az: string;
  subnet: string;
  vpc: string;
  privateIp: string;
  publicIp?: string;
  launched: string;
  image: string;
  groups: string[];
  platform?: "windows";
  tags?: Record<string, string>;
}
export interface VolumeRow {
  id: string;
  size: number;
  type: string;
  az: string;
  created: string;
  encrypted: boolean;
  /** Attached to this instance (state in-use); absent → available (unattached). */
  instance?: string;
  name?: string;
}
export interface ImageRow {
  id: string;
  name: string;
  created: string;
  description: string;
  public?: boolean;
}
