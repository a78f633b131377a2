// The application processes as `stack status` lists them: each one's metrics endpoint (the API's
// /metrics, the others' own ports, the Temporal SDK's in the worker), and whether it answers. The
// processes are `npm start`'s children, not the stack's, so one that does not answer is reported,
// not an error of the stack.
import { METRICS_ENDPOINTS, type MetricsEndpoint, type StackConfig } from '../infra/config.ts';

export interface MetricsEndpointStatus {
  process: 'api' | MetricsEndpoint;
  port: number;
  url: string;
  /** GET /metrics answered 200 within a second. */
  answers: boolean;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function metricsEndpointStatus(config: StackConfig): Promise<MetricsEndpointStatus[]> {
  const endpoints: [MetricsEndpointStatus['process'], number][] = [
    ['api', config.apiPort],
    ...METRICS_ENDPOINTS.map((endpoint): [MetricsEndpoint, number] => [endpoint, config.metricsPorts[endpoint]]),
  ];
  return Promise.all(
    endpoints
      .filter(([, port]) => port !== 0)
      .map(async ([process, port]) => {
        const url = `http://127.0.0.1:${port}/metrics`;
        return { process, port, url, answers: await answers(url) };
      }),
  );
}
