'use strict';
const fs = require('fs');
const path = require('path');
const { App, Stack, NestedStack } = require('aws-cdk-lib');
const { executeTransform } = require('@aws-amplify/graphql-transformer');
const { constructDataSourceStrategies, DDB_DEFAULT_DATASOURCE_STRATEGY } = require('@aws-amplify/graphql-transformer-core');
const { generateModelsSync } = require('@aws-amplify/graphql-generator');
const { DefaultDirectives } = require('@aws-amplify/graphql-directives');

// Each provider as the CLI configures it; the names and addresses are placeholders the SDL never shows.
function provider(authenticationType) {
  switch (authenticationType) {
    case 'API_KEY': return { authenticationType, apiKeyConfig: { apiKeyExpirationDays: 7 } };
    case 'AMAZON_COGNITO_USER_POOLS': return { authenticationType, userPoolConfig: { userPoolId: 'pool' } };
    case 'OPENID_CONNECT': return { authenticationType, openIDConnectConfig: { name: 'oidc', issuerUrl: 'https://issuer.example' } };
    case 'AWS_LAMBDA': return { authenticationType, lambdaAuthorizerConfig: { lambdaFunction: 'authorizer', lambdaArn: 'arn:aws:lambda:us-east-1:000000000000:function:authorizer', ttlSeconds: 300 } };
    default: return { authenticationType };
  }
}

function transform(schema, auth) {
  const app = new App();
  const stack = new Stack(app, 'Api');
  let sdl;
  executeTransform({
    schema,
    scope: stack,
    nestedStackProvider: { provide: (scope, name) => new NestedStack(scope, name) },
    assetProvider: {
      provide: (scope, name, { fileName, fileContent }) => {
        if (fileName === 'schema.graphql') sdl = fileContent;
        return { s3ObjectUrl: `s3://assets/${fileName}`, s3ObjectKey: fileName, bucketName: 'assets' };
      },
    },
    synthParameters: {
      amplifyEnvironmentName: 'test', apiName: 'api', adminRoles: [], enableIamAccess: false,
      userPoolId: 'pool', identityPoolId: 'identities', authenticatedUserRoleName: 'authRole', unauthenticatedUserRoleName: 'unauthRole',
    },
    transformParameters: {
      shouldDeepMergeDirectiveConfigDefaults: true, disableResolverDeduping: true, sandboxModeEnabled: false,
      useSubUsernameForDefaultIdentityClaim: true, populateOwnerFieldForStaticGroupAuth: true, suppressApiKeyGeneration: false,
      secondaryKeyAsGSI: true, enableAutoIndexQueryNames: true, respectPrimaryKeyAttributesOnConnectionField: true,
      enableSearchNodeToNodeEncryption: false, enableTransformerCfnOutputs: true, allowDestructiveGraphqlSchemaUpdates: false,
      replaceTableUponGsiUpdate: false, subscriptionsInheritPrimaryAuth: false, allowGen1Patterns: true, allowModelsWithoutPrimaryKey: false,
    },
    transformersFactoryArgs: {},
    authConfig: { defaultAuthentication: provider(auth[0]), additionalAuthenticationProviders: auth.slice(1).map(provider) },
    dataSourceStrategies: constructDataSourceStrategies(schema, DDB_DEFAULT_DATASOURCE_STRATEGY),
    rdsLayerMapping: {},
    rdsSnsTopicMapping: {},
    resolverConfig: { project: { ConflictHandler: 'AUTOMERGE', ConflictDetection: 'VERSION' } },
  });
  for (const child of stack.node.findAll()) {
    if (child.cfnResourceType === 'AWS::AppSync::GraphQLSchema') stack.resolve(child.definitionS3Location ?? child._cfnProperties?.definitionS3Location);
  }
  if (!sdl) app.synth();
  return sdl;
}

const directives = DefaultDirectives.map(d => d.definition).join('\n');
function introspection(schema) {
  const out = generateModelsSync({ schema, target: 'introspection', directives, isDataStoreEnabled: true,
    transformerVersion: 2, respectPrimaryKeyAttributesOnConnectionField: true, addTimestampFields: true });
  return out['model-introspection.json'];
}

const [corpus, out] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
for (const file of fs.readdirSync(corpus).filter(f => f.endsWith('.graphql')).sort()) {
  const schema = fs.readFileSync(path.join(corpus, file), 'utf8');
  const authLine = /^#\s*auth:\s*(.+)$/m.exec(schema);
  const auth = authLine ? authLine[1].trim().split(/\s+/) : ['API_KEY'];
  const name = file.replace(/\.graphql$/, '');
  let sdl;
  try {
    sdl = transform(schema, auth);
  } catch (e) {
    // A schema the transformer refuses: Stratus must refuse it too.
    fs.writeFileSync(path.join(out, name + '.error.txt'), e.message + '\n');
    console.log(name + ': refused');
    continue;
  }
  fs.writeFileSync(path.join(out, name + '.appsync.graphql'), sdl);
  fs.writeFileSync(path.join(out, name + '.introspection.json'), introspection(schema));
  console.log(name);
}
