// Who is who to Kafka: one SASL/SCRAM principal per process, and one per agency, so an agency's
// consumers read its own topic and nothing else (kafka/acls.ts says what each may do). The broker
// knows them all from the start (stack/kafka.ts, docker-compose.yml); a deployment keeps each one's
// password in the env file under the variable named here (cli/secrets.ts).
import { Agency } from '../events/envelope.ts';
import { KAFKA_ADMIN_PRINCIPAL } from '../infra/config.ts';

/** The processes that talk to Kafka, each as itself (the API only for its health check). */
export const SERVICE_PRINCIPALS = ['relay', 'router', 'projector', 'api'] as const;
export type ServicePrincipal = (typeof SERVICE_PRINCIPALS)[number];

export function agencyPrincipal(agency: Agency): string {
  return `agency-${agency}`;
}

export const KAFKA_PRINCIPALS: readonly string[] = [KAFKA_ADMIN_PRINCIPAL, ...SERVICE_PRINCIPALS, ...Agency.options.map(agencyPrincipal)];

/** The env file's variable for `principal`'s password, e.g. TASKFORCE_KAFKA_AGENCY_MOFA_PASSWORD. */
export function kafkaPasswordVariable(principal: string): string {
  return `TASKFORCE_KAFKA_${principal.toUpperCase().replace(/-/g, '_')}_PASSWORD`;
}
