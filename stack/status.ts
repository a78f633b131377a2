// What `stack status` and GET /health report for each service.
export interface ServiceStatus {
  service: string;
  port: number;
  pid: number | undefined;
  healthy: boolean;
  detail?: string;
}
