import kafkajs, { type Admin } from 'kafkajs';
import type { PipelineConfig } from '../config/pipeline.ts';
import { masterReaderGroupPrefix, stateReaderGroupPrefix, stateTopic } from './topics.ts';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

export type AclOperation = 'Create' | 'Describe' | 'DescribeConfigs' | 'Write' | 'Read' | 'Delete';

/** One grant: operations on topics or groups named exactly (literal) or by a prefix, and why. */
export type AclSpec = {
  resource: 'topic' | 'group';
  pattern: 'literal' | 'prefixed';
  name: string;
  operations: AclOperation[];
  why: string;
};

/**
 * The least a process needs on Kafka (its credential's ACLs): the source writes the record topics, the
 * dead-letter topic and its state topic, and reads its state back; the sink reads the record topics in its
 * group and writes dead letters. Both create missing topics (so whichever starts first sets them up) and
 * read their settings (max.message.bytes). `run` needs both lists.
 */
export function pipelineAcls(
  kafka: PipelineConfig['kafka'],
  sinkGroup: string,
  role: 'source' | 'sink',
): AclSpec[] {
  const prefix = `${kafka.topicPrefix}.`;
  const setUp: AclOperation[] = ['Create', 'Describe', 'DescribeConfigs'];
  const topics: AclSpec = {
    resource: 'topic',
    pattern: 'prefixed',
    name: prefix,
    operations: role === 'source' ? [...setUp, 'Write'] : [...setUp, 'Read'],
    why: role === 'source' ? 'record and state topics: create, write' : 'record topics: create, read',
  };
  const deadLetters: AclSpec = {
    resource: 'topic',
    pattern: 'literal',
    name: kafka.deadLetterTopic,
    operations: kafka.deadLetterTopic.startsWith(prefix) ? ['Write'] : [...setUp, 'Write'],
    why: 'dead letters: write',
  };
  if (role === 'source')
    return [
      topics,
      ...(kafka.deadLetterTopic.startsWith(prefix) ? [] : [deadLetters]),
      {
        resource: 'topic',
        pattern: 'literal',
        name: stateTopic(kafka),
        operations: ['Read'],
        why: 'state topic: read back at start',
      },
      {
        resource: 'group',
        pattern: 'prefixed',
        name: stateReaderGroupPrefix,
        operations: ['Read', 'Describe', 'Delete'],
        why: 'state topic: the one-off group that reads it, deleted after',
      },
    ];
  return [
    topics,
    deadLetters,
    {
      resource: 'group',
      pattern: 'literal',
      name: sinkGroup,
      operations: ['Read', 'Describe'],
      why: 'sink group',
    },
    {
      resource: 'group',
      pattern: 'prefixed',
      name: masterReaderGroupPrefix(sinkGroup),
      operations: ['Read', 'Describe', 'Delete'],
      why: "master topics: each sink process's own group that reads them whole, deleted after",
    },
  ];
}

const operationCodes: Record<AclOperation, number> = {
  Create: AclOperationTypes.CREATE,
  Describe: AclOperationTypes.DESCRIBE,
  DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  Write: AclOperationTypes.WRITE,
  Read: AclOperationTypes.READ,
  Delete: AclOperationTypes.DELETE,
};

/** Grants the specs to `principal` (e.g. User:profile-cdc) with an admin client. */
export async function grantAcls(admin: Admin, specs: readonly AclSpec[], principal: string): Promise<void> {
  await admin.createAcls({
    acl: specs.flatMap((s) =>
      s.operations.map((op) => ({
        resourceType: s.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
        resourceName: s.name,
        resourcePatternType:
          s.pattern === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
        principal,
        host: '*',
        operation: operationCodes[op],
        permissionType: AclPermissionTypes.ALLOW,
      })),
    ),
  });
}

/** The same grants as `kafka-acls.sh` commands, for an operator to run. Pure. */
export function aclCommands(specs: readonly AclSpec[], principal: string, bootstrap: string): string {
  const q = (v: string) => `'${v.replaceAll("'", "'\\''")}'`;
  const lines = specs.map(
    (s) =>
      `# ${s.why}\n${[
        `kafka-acls.sh --bootstrap-server ${q(bootstrap)} --command-config admin.properties --add`,
        `  --allow-principal ${q(principal)}`,
        `  ${s.operations.map((o) => `--operation ${o}`).join(' ')}`,
        `  --${s.resource} ${q(s.name)} --resource-pattern-type ${s.pattern}`,
      ].join(' \\\n')}`,
  );
  return `${lines.join('\n\n')}\n`;
}
