// What the cluster says about itself: the health checks (the API's, the local stack's) ask for
// real cluster metadata, not merely whether a port is open.
import type { Kafka } from 'kafkajs';

export interface ClusterDescription {
  /** Brokers the cluster reports. */
  brokers: number;
  /** The controller's node id, null while the cluster has none. */
  controller: number | null;
}

/** Asks through a fresh admin each time: a long-lived one could report a broker it can no longer reach. */
export async function describeCluster(kafka: Kafka): Promise<ClusterDescription> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
