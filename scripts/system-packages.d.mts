export interface SystemPackage {
  name: string;
  present: () => boolean;
  why: string;
}
export const systemPackages: SystemPackage[];
export type Plan =
  | { action: 'none' }
  | { action: 'install'; names: string[]; command: string }
  | { action: 'stop'; names: string[]; message: string };
export function plan(input: { missing: SystemPackage[]; isRoot: boolean; hasAptGet: boolean }): Plan;
