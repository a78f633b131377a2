// `tsx app/kafka-acls.ts` grants every Kafka principal its ACLs (kafka/acls.ts) for the topics and
// groups this environment names, logged in as the admin principal, and exits. docker-compose.yml
// runs it once the broker is up and before the processes start; the local stack grants them itself
// at every start (stack/kafka.ts). Granting again is harmless.
import { nameProcess } from '../infra/logger.ts';
import { grantPipelineAcls } from '../kafka/acls.ts';
import { kafkaClient } from '../kafka/client.ts';
import { pipelineNamesFromEnv } from '../streams/pipeline-names.ts';
import { exitOnDevelopmentSecrets } from './secrets.ts';
import { settingsOrExit } from './settings.ts';

const log = nameProcess('kafka-acls');
exitOnDevelopmentSecrets('kafka-acls');
const names = pipelineNamesFromEnv();
await grantPipelineAcls(kafkaClient(settingsOrExit(), 'taskforce-kafka-acls'), names);
log.info(`granted the Kafka ACLs of every principal for topics ${names.topicPrefix}.*`);
