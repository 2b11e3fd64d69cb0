// Starts cognito-local on loopback with the AWS behaviour of cognito-aws.cjs layered over it. Its configuration (host,
// port, issuer, Lambda endpoint for triggers) is written by the JVM into ./.cognito/config.json in the working
// directory before this runs; user pools live in the same folder, which the JVM deletes when it stops.
// The server is assembled here as cognito-local's createDefaultServer() does, with our token generator and per-pool
// triggers in place of its own, so the rest of cognito-local (user store, operations, OAuth routes) runs unchanged.
// Usage: node cognito-launcher.cjs
'use strict';
const http = require('node:http');
const { ready, fail } = require('./watchdog.cjs');
const { once, objectOnFirstUse, namespaceOnFirstUse } = require('./on-first-use.cjs');

// qs (with the get-intrinsic tree under it, about 60 ms of CPU) parses form-encoded bodies, which only cognito-local's
// OAuth endpoints receive (the Cognito API itself speaks JSON): body-parser requires it as it loads; it loads on first use.
objectOnFirstUse(require.resolve('body-parser'), 'qs');
// jsonwebtoken (decoding a user's access token in GetUser, ChangePassword...) and otplib (software-token MFA), about
// 60 ms of CPU together, which no start needs: the operation that first calls one loads it.
namespaceOnFirstUse(require.resolve('cognito-local'), 'jsonwebtoken',
  ['decode', 'verify', 'sign', 'JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);
objectOnFirstUse(require.resolve('cognito-local/lib/services/totp'), 'otplib');

const pino = require('pino');
const { DateClock, TriggersService, MessagesService } = require('cognito-local/lib/services');
const { CognitoServiceFactoryImpl } = require('cognito-local/lib/services/cognitoService');
const { StormDBDataStoreFactory } = require('cognito-local/lib/services/dataStore/stormDb');
const { MessageDeliveryService } = require('cognito-local/lib/services/messageDelivery/messageDelivery');
const { otp } = require('cognito-local/lib/services/otp');
const { UserPoolServiceFactoryImpl } = require('cognito-local/lib/services/userPoolService');
const { loadConfig } = require('cognito-local/lib/server/config');
const { Router } = require('cognito-local/lib/server/Router');
const { createServer } = require('cognito-local/lib/server/server');
const aws = require('./cognito-aws.cjs');

// Loaded on first use, not at start: the AWS SDK (v2) and the KMS encryption client, more than a third of this process's
// start on their own (about 0.3 s of CPU), which only a pool with Lambda triggers (the Lambda client, and then that
// client alone, not the SDK's every service) or a CustomEmailSender (KMS) calls; and the console sender's box drawing
// (boxen), used when a message is "sent". Each is made once().

// cognito-local sends the code in $CODE, when set, to everyone; AWS sends each user a random one.
delete process.env.CODE;

async function start() {
  const logger = pino({ level: process.env.LOCALCLOUD_DEBUG === '1' ? 'debug' : 'warn' });
  const ctx = { logger };
  const config = await loadConfig(ctx, new StormDBDataStoreFactory('.cognito'));
  const clock = new DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory('.cognito/db');
  const cognito = await new CognitoServiceFactoryImpl('.cognito/db', dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory)).create(ctx, config.UserPoolDefaults);
  const lambdaClient = once(() => new (require('aws-sdk/clients/lambda'))(config.LambdaClient));
  const lambdas = new aws.PoolLambdas(config.TriggerFunctions, { invoke: (params) => lambdaClient().invoke(params) });
  lambdas.cognito = cognito;
  const crypto = once(() => new (require('cognito-local/lib/services/crypto').CryptoService)(config.KMSConfig));
  const triggers = new TriggersService(clock, cognito, lambdas, { encrypt: (ctx, plaintext) => crypto().encrypt(ctx, plaintext) });
  const state = new aws.PoolState();
  const tokenGenerator = new aws.AwsTokens(state, lambdas, config.TokenConfig.IssuerDomain);
  const sender = once(() =>
    new (require('cognito-local/lib/services/messageDelivery/consoleMessageSender').ConsoleMessageSender)());
  const messages = new MessagesService(triggers, new MessageDeliveryService({
    sendEmail: (...args) => sender().sendEmail(...args),
    sendSms: (...args) => sender().sendSms(...args),
  }));
  aws.recordDeliveries(state, messages);
  const services = { clock, cognito, config, messages, otp, tokenGenerator, triggers, logger };
  aws.installTargets(state, tokenGenerator);

  const { application } = createServer(Router(services), logger, config.ServerConfig, services);
  // A body that is not JSON, or is over body-parser's limit, fails before any route, and express's default handler
  // answered it with an HTML page holding the stack trace. AWS answers JSON: a SerializationException.
  application.use((err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const status = Number.isInteger(err.status) && err.status >= 400 && err.status < 500 ? err.status : 500;
    const body = status === 413 ? { __type: 'RequestEntityTooLargeException', message: 'The request body is too large.' }
      : status < 500 ? { __type: 'SerializationException', message: 'The request body is not valid JSON.' }
        : { __type: 'InternalErrorException', message: 'Internal error.' };
    res.status(status).type('application/x-amz-json-1.1').send(JSON.stringify(body));
  });
  const ours = aws.httpHandler(state, tokenGenerator, services);
  const server = http.createServer((req, res) => {
    if (!ours(req, res)) {
      application(req, res);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.ServerConfig.port, config.ServerConfig.hostname, resolve);
  });
  ready(server.address().port);
}

start().catch(fail);
