// What each Kafka principal may do (kafka/principals.ts), as ACLs for the broker's StandardAuthorizer,
// which refuses whatever no ACL allows. Least privilege along the pipeline: the relay writes the case
// topics; the router reads them in its group and writes the agency topics; the projectors read them
// in their groups (rebuilds' too); each agency reads its own topic, in groups named after it, and
// nothing else, so no agency can read another's topic or the case topics with every contact in
// them. Those that create topics when they are missing (kafka/create-topics.ts) may create theirs.
// The admin principal is a super user and needs none. Granting is idempotent.
import kafkajs, { type AclEntry, type Kafka } from 'kafkajs';
import { Agency } from '../events/envelope.ts';
import { CaseKind } from '../workflows/kinds.ts';
import { agencyPrincipal } from './principals.ts';
import { caseTopic } from './topics.ts';

// kafkajs is CommonJS: Node finds these enums only on its default export.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/** The topic and group names the grants are for (their owners, streams/ and projections/, name them). */
export interface PipelineNames {
  topicPrefix: string;
  agencyTopic(agency: Agency): string;
  /** The agency router's consumer group. */
  routerGroup: string;
  /** Every projection consumer group starts with `<projectionGroupPrefix>.`. */
  projectionGroupPrefix: string;
}

type Operation = 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE';

interface Grant {
  principal: string;
  resource: 'TOPIC' | 'GROUP';
  name: string;
  /** PREFIXED: every name that starts with `name`. */
  pattern: 'LITERAL' | 'PREFIXED';
  operations: Operation[];
}

/** The grants of every principal for the topics and groups `names` gives. */
function pipelineGrants(names: PipelineNames): Grant[] {
  const caseTopics = CaseKind.options.map((kind) => caseTopic(names.topicPrefix, kind));
  const topics = (principal: string, list: string[], operations: Operation[]): Grant[] =>
    list.map((name) => ({ principal, resource: 'TOPIC', name, pattern: 'LITERAL', operations }));
  return [
    ...topics('relay', caseTopics, ['WRITE', 'DESCRIBE', 'CREATE']),
    ...topics('router', caseTopics, ['READ', 'DESCRIBE', 'CREATE']),
    ...topics('router', Agency.options.map(names.agencyTopic), ['WRITE', 'DESCRIBE', 'CREATE']),
    { principal: 'router', resource: 'GROUP', name: names.routerGroup, pattern: 'LITERAL', operations: ['READ'] },
    ...topics('projector', caseTopics, ['READ', 'DESCRIBE', 'CREATE']),
    { principal: 'projector', resource: 'GROUP', name: `${names.projectionGroupPrefix}.`, pattern: 'PREFIXED', operations: ['READ'] },
    ...Agency.options.flatMap((agency): Grant[] => [
      ...topics(agencyPrincipal(agency), [names.agencyTopic(agency)], ['READ', 'DESCRIBE']),
      {
        principal: agencyPrincipal(agency),
        resource: 'GROUP',
        name: `${names.agencyTopic(agency)}.`,
        pattern: 'PREFIXED',
        operations: ['READ'],
      },
    ]),
  ];
}

function aclEntries(grant: Grant): AclEntry[] {
  return grant.operations.map((operation) => ({
    principal: `User:${grant.principal}`,
    host: '*',
    operation: AclOperationTypes[operation],
    permissionType: AclPermissionTypes.ALLOW,
    resourceType: AclResourceTypes[grant.resource],
    resourceName: grant.name,
    resourcePatternType: ResourcePatternTypes[grant.pattern],
  }));
}

/** Grants every principal its ACLs; `kafka` must log in as a super user (the admin principal). */
export async function grantPipelineAcls(kafka: Kafka, names: PipelineNames): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.createAcls({ acl: pipelineGrants(names).flatMap(aclEntries) });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
