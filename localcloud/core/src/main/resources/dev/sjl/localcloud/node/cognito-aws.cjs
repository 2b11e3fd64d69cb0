// Cognito as AWS behaves, layered over cognito-local inside its own process (as sqs-query-protocol.mjs is over fauxqs):
// no fork and no patched files. cognito-local looks its operations up in an exported table at call time, so the
// operations below are wrapped or added there, and its services (token generator, Lambda triggers) are swapped for
// ours when the launcher assembles the server. What each piece reproduces, with the AWS page that documents it:
//
// - PreventUserExistenceErrors (app client): ENABLED hides whether a user exists: sign-in says "Incorrect username
//   or password." for an unknown user as for a wrong password, ForgotPassword and ResendConfirmationCode answer with a
//   simulated delivery. cognito-user-pool-managing-errors.html, API_UserPoolClientType.html
// - Sign-in refuses disabled users ("User is disabled.") and unconfirmed ones (UserNotConfirmedException), and only on
//   clients whose ExplicitAuthFlows allow the flow. API_InitiateAuth.html, API_AdminDisableUser.html
// - ConfirmSignUp verifies the attribute the code was sent to (email_verified = true). API_ConfirmSignUp.html
// - Passwords must meet the pool's policy (InvalidPasswordException). user-pool-settings-passwords.html
// - Token validity comes from the app client (defaults: access and ID 1 h, refresh 30 d; ranges checked).
//   amazon-cognito-user-pools-using-tokens-with-identity-providers.html, API_CreateUserPoolClient.html
// - Refresh tokens are opaque and held here; RevokeToken, GlobalSignOut, AdminUserGlobalSignOut and AdminDisableUser
//   revoke them and the access tokens issued with them (origin_jti). API_RevokeToken.html, API_GlobalSignOut.html
// - Refresh-token rotation: an app client's RefreshTokenRotation {Feature, RetryGracePeriodSeconds 0..60} is checked
//   (InvalidParameterException) and returned by Create/Update/DescribeUserPoolClient. GetTokensFromRefreshToken issues
//   access and ID tokens; with rotation ENABLED also a new refresh token, and the one presented stops working
//   RetryGracePeriodSeconds later (at once for 0; on the pool's clock), after which it gets RefreshTokenReuseException.
//   Such a client refuses REFRESH_TOKEN_AUTH ("Refresh token rotation must be completed with GetTokensFromRefreshToken").
//   ClientSecret is checked when the client has one. API_RefreshTokenRotationType.html, API_GetTokensFromRefreshToken.html
//   Where AWS documents nothing, the emulator chooses, and says so here:
//   . the successor keeps the login's origin_jti and auth_time (RevokeToken on any token of a login revokes the login)
//     and lives a full RefreshTokenValidity from its issue;
//   . REFRESH_TOKEN_AUTH on a rotating client is an InvalidParameterException (the developer guide has that flow
//     disabled on such a client, and a disabled flow is one); the messages of it, of RefreshTokenReuseException and of
//     a missing or wrong ClientSecret are ours;
//   . each request inside the grace period gets its own successor, and the first rotation alone sets when the presented
//     token ends (a retry does not extend it); reusing an invalidated token revokes nothing else;
//   . no RetryGracePeriodSeconds means 0; a client that never set RefreshTokenRotation shows none and does not rotate.
//   The presented token is spent and its successor stored before anything is awaited, so of simultaneous requests with
//   one token exactly one rotates it (grace 0), and a sign-out during the PreTokenGeneration trigger finds the successor;
//   a failed trigger undoes both (the token works again, no successor).
// - Each pool signs with its own RSA keys, more than one in its JWKS, and the `iss` of its tokens is the URL that
//   serves its /.well-known/openid-configuration and /.well-known/jwks.json.
//   amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
// - Lambda triggers come from each pool's LambdaConfig (PreSignUp, PostConfirmation, PreTokenGeneration with
//   PreTokenGenerationConfig V1_0/V2_0, PostAuthentication), else from the local cloud's in-JVM registrations.
//   user-pool-lambda-pre-token-generation.html, user-pool-lambda-pre-sign-up.html
//
// Test helpers, on the same port under /_localcloud/cognito/{poolId}/: a user's latest confirmation code, the messages
// the pool "sent", moving the pool's token clock forward, rotating its signing key.
'use strict';
const crypto = require('node:crypto');
const { promisify } = require('node:util');
const errors = require('cognito-local/lib/errors');
const { Targets } = require('cognito-local/lib/targets/targets');
const { LambdaService } = require('cognito-local/lib/services/lambda');
const { appClientToResponseObject } = require('cognito-local/lib/targets/responses');
const { selectAppropriateDeliveryMethod } = require('cognito-local/lib/services/messageDelivery/deliveryMethod');
const { attributeValue, attributesToRecord } = require('cognito-local/lib/services/userPoolService');

const generateKeyPair = promisify(crypto.generateKeyPair);
const { CognitoError, NotAuthorizedError, InvalidParameterError } = errors;

const REGION = 'us-east-1';
const DEFAULT_SCOPE = 'aws.cognito.signin.user.admin';
const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
// AWS defaults and limits for each token's validity (API_CreateUserPoolClient.html, TokenValidityUnits)
const VALIDITY = {
  AccessToken: { field: 'AccessTokenValidity', unit: 'hours', value: 1, min: 300, max: 86400 },
  IdToken: { field: 'IdTokenValidity', unit: 'hours', value: 1, min: 300, max: 86400 },
  RefreshToken: { field: 'RefreshTokenValidity', unit: 'days', value: 30, min: 3600, max: 3650 * 86400 },
};
// Claims a PreTokenGeneration function may not change (user-pool-lambda-pre-token-generation.html); they are ignored.
const RESERVED_CLAIMS = new Set(['acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'cognito:username', 'exp', 'iat',
  'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'sub', 'token_use', 'client_id', 'scope', 'username',
  'event_id', 'version', 'cognito:groups', 'cognito:roles', 'cognito:preferred_role']);
// Triggers served per pool; any other trigger keeps cognito-local's global configuration.
const POOL_TRIGGERS = new Set(['PreSignUp', 'PostConfirmation', 'PreTokenGeneration', 'PostAuthentication']);
// Operations authorised by the user's access token, which must be valid, unexpired and not revoked.
const ACCESS_TOKEN_OPERATIONS = ['GetUser', 'UpdateUserAttributes', 'DeleteUser', 'DeleteUserAttributes',
  'ChangePassword', 'VerifyUserAttribute', 'GetUserAttributeVerificationCode', 'SetUserMFAPreference',
  'AssociateSoftwareToken', 'VerifySoftwareToken'];

const cognitoError = (code, message) => new CognitoError(code, message);
const incorrectCredentials = () => new NotAuthorizedError('Incorrect username or password.');
const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Per-pool state that cognito-local does not keep: keys, clock offsets, refresh sessions, delivered codes. */
class PoolState {
  constructor() {
    this.keys = new Map(); // poolId -> Promise<key[]>, the last one signs
    // Keys of deleted pools, handed to the next new pools: a 2048-bit RSA key takes 50-200 ms of CPU to generate here,
    // and tests make and delete a pool or two per test. Two pools that exist at once never share a key.
    this.spareKeys = [];
    this.clockOffsets = new Map(); // poolId -> ms added to the wall clock
    this.sessions = new Map(); // refresh token -> session
    this.revokedOrigins = new Set(); // origin_jti of revoked sessions
    this.deliveries = new Map(); // poolId -> [{username, source, code, ...}]
  }

  nowMs(poolId) {
    return Date.now() + (this.clockOffsets.get(poolId) ?? 0);
  }

  nowSeconds(poolId) {
    return Math.floor(this.nowMs(poolId) / 1000);
  }

  /** Two keys per pool from the start, so a verifier must pick by `kid` (AWS's JWKS also holds more than one). */
  keysOf(poolId) {
    if (!this.keys.has(poolId)) {
      this.keys.set(poolId, Promise.all([this.spareOrNewKey(), this.spareOrNewKey()]));
    }
    return this.keys.get(poolId);
  }

  spareOrNewKey() {
    return this.spareKeys.length > 0 ? Promise.resolve(this.spareKeys.pop()) : newKey();
  }

  /** A deleted pool's keys become spares; its clock offset and deliveries go with it. */
  async forgetPool(poolId) {
    const keys = this.keys.get(poolId);
    this.keys.delete(poolId);
    this.clockOffsets.delete(poolId);
    this.deliveries.delete(poolId);
    if (keys) {
      this.spareKeys.push(...await keys);
    }
  }

  async rotate(poolId) {
    const keys = await this.keysOf(poolId);
    const next = [...keys, await newKey()];
    this.keys.set(poolId, Promise.resolve(next));
    return next[next.length - 1].kid;
  }

  revokeSession(session) {
    session.revoked = true;
    this.revokedOrigins.add(session.originJti);
  }

  /**
   * Spends `session` for refresh-token rotation and stores its successor, in one synchronous step (nothing awaited), so
   * that of simultaneous rotations of one token only the first finds it unspent, and a sign-out that runs while the
   * successor's tokens are still being made (the PreTokenGeneration trigger is awaited) finds the successor to revoke.
   * The first rotation fixes when the presented token stops working: now plus the client's grace period.
   */
  rotateSession(session, client) {
    const now = this.nowMs(session.poolId);
    const successor = {
      poolId: session.poolId, clientId: session.clientId, username: session.username, originJti: session.originJti,
      authTime: session.authTime, expiresAt: now + validitySeconds(client, 'RefreshToken') * 1000, revoked: false,
      token: crypto.randomBytes(96).toString('base64url'),
    };
    this.sessions.set(successor.token, successor);
    session.successors ??= new Set();
    session.successors.add(successor.token);
    session.rotatedOutAt ??= now + (client.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;
    return successor;
  }

  /** Undoes rotateSession when the tokens could not be issued: the successor is gone, the presented token valid again. */
  undoRotation(session, successor) {
    this.sessions.delete(successor.token);
    session.successors.delete(successor.token);
    if (session.successors.size === 0) {
      session.rotatedOutAt = undefined;
    }
  }

  revokeUser(poolId, username) {
    for (const session of this.sessions.values()) {
      if (session.poolId === poolId && session.username === username) {
        this.revokeSession(session);
      }
    }
  }

  recordDelivery(poolId, delivery) {
    if (!this.deliveries.has(poolId)) {
      this.deliveries.set(poolId, []);
    }
    this.deliveries.get(poolId).push(delivery);
  }

  latestDelivery(poolId, username) {
    const list = (this.deliveries.get(poolId) ?? []).filter((d) => d.username === username);
    return list[list.length - 1];
  }
}

async function newKey() {
  const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const { e, n } = publicKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint: a stable id derived from the key itself
  const kid = crypto.createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64');
  return { kid, privateKey, publicKey, jwk: { alg: 'RS256', e, kid, kty: 'RSA', n, use: 'sig' } };
}

function sign(claims, key) {
  const input = `${b64url({ kid: key.kid, alg: 'RS256' })}.${b64url(claims)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

function decodeJwt(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) {
    return null;
  }
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
      claims: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
      input: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    return null;
  }
}

function validitySeconds(client, which) {
  const spec = VALIDITY[which];
  const unit = client.TokenValidityUnits?.[which] ?? spec.unit;
  const value = client[spec.field];
  return value === undefined || value === null ? spec.value * UNIT_SECONDS[spec.unit] : value * UNIT_SECONDS[unit];
}

/** "ada@example.com" -> "a***@e***", "+15555550100" -> "+*******0100", as AWS masks a CodeDeliveryDetails destination. */
function mask(destination) {
  if (typeof destination !== 'string' || destination.length === 0) {
    return destination;
  }
  const at = destination.indexOf('@');
  if (at > 0) {
    return `${destination[0]}***@${destination[at + 1] ?? ''}***`;
  }
  return `+${'*'.repeat(Math.max(destination.length - 5, 3))}${destination.slice(-4)}`;
}

function maskDetails(details) {
  return details ? { ...details, Destination: mask(details.Destination) } : details;
}

function simulatedDelivery(username) {
  const name = String(username || 'user');
  return { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: name.includes('@') ? mask(name) : `${name[0]}***@${name[0]}***` };
}

function claimValue(name, value) {
  if (name === 'email_verified' || name === 'phone_number_verified') {
    return value === 'true' || value === true;
  }
  if (name === 'updated_at' && /^\d+$/.test(String(value))) {
    return Number(value);
  }
  return value;
}

function applyClaims(token, add, suppress) {
  for (const claim of suppress ?? []) {
    if (!RESERVED_CLAIMS.has(claim)) {
      delete token[claim];
    }
  }
  for (const [claim, value] of Object.entries(add ?? {})) {
    if (!RESERVED_CLAIMS.has(claim)) {
      token[claim] = value;
    }
  }
}

/**
 * Lambda triggers per user pool. A pool's LambdaConfig names the function for each trigger, as on AWS; a pool that
 * names none falls back to cognito-local's global TriggerFunctions (the local cloud's in-JVM registrations, routed
 * by userPoolId), and with neither the trigger is simply not configured: the default response, nothing invoked.
 */
class PoolLambdas extends LambdaService {
  constructor(globalFunctions, lambdaClient) {
    super(globalFunctions, lambdaClient);
    this.cognito = null; // set once the services exist
  }

  enabled(trigger) {
    return POOL_TRIGGERS.has(trigger) || super.enabled(trigger);
  }

  async lambdaConfig(ctx, poolId) {
    if (!poolId || !this.cognito) {
      return {};
    }
    try {
      return (await this.cognito.getUserPool(ctx, poolId)).options.LambdaConfig ?? {};
    } catch {
      return {};
    }
  }

  /** {functionName, version} for a pool's trigger, or null when the pool has none. */
  async target(ctx, trigger, poolId) {
    const config = await this.lambdaConfig(ctx, poolId);
    if (trigger === 'PreTokenGeneration' && config.PreTokenGenerationConfig?.LambdaArn) {
      const version = { V2_0: '2', V3_0: '3' }[config.PreTokenGenerationConfig.LambdaVersion] ?? '1';
      return { functionName: config.PreTokenGenerationConfig.LambdaArn, version };
    }
    const functionName = config[trigger] ?? this.config[trigger];
    return functionName ? { functionName, version: '1' } : null;
  }

  async invoke(ctx, trigger, event) {
    const lambdaEvent = this.createLambdaEvent(event);
    const target = POOL_TRIGGERS.has(trigger) ? await this.target(ctx, trigger, event.userPoolId)
      : { functionName: this.config[trigger], version: '1' };
    if (!target) {
      return lambdaEvent.response;
    }
    return (await this.call(ctx, trigger, target.functionName, { ...lambdaEvent, version: target.version, region: REGION })).response;
  }

  /** Invokes a function and returns its whole result; a function error becomes UserLambdaValidationException. */
  async call(ctx, trigger, functionName, event) {
    let result;
    try {
      result = await this.lambdaClient.invoke({
        FunctionName: functionName, InvocationType: 'RequestResponse', Payload: JSON.stringify(event),
      }).promise();
    } catch (ex) {
      ctx.logger.error(ex);
      throw new errors.UnexpectedLambdaExceptionError();
    }
    let payload;
    try {
      payload = JSON.parse(result.Payload);
    } catch {
      throw new errors.InvalidLambdaResponseError();
    }
    if (result.FunctionError) {
      // AWS's wording: "PreSignUp failed with error <the function's message>."
      throw new errors.UserLambdaValidationError(`${trigger} failed with error ${payload?.errorMessage ?? result.FunctionError}.`);
    }
    if (!payload || typeof payload !== 'object') {
      throw new errors.InvalidLambdaResponseError();
    }
    return payload;
  }
}

/** Signs access and ID tokens as a user pool does, and keeps refresh tokens as server-side sessions. */
class AwsTokens {
  constructor(state, lambdas, issuerDomain) {
    this.state = state;
    this.lambdas = lambdas;
    this.issuerDomain = issuerDomain;
  }

  issuer(poolId) {
    return `${this.issuerDomain}/${poolId}`;
  }

  /** cognito-local's generator interface; `session` is ours, passed when refreshing. */
  async generate(ctx, user, userGroups, client, clientMetadata, source, session) {
    const poolId = client.UserPoolId;
    const state = this.state;
    const now = state.nowSeconds(poolId);
    const refreshing = session !== undefined;
    if (!refreshing) {
      session = {
        poolId, clientId: client.ClientId, username: user.Username, originJti: crypto.randomUUID(), authTime: now,
        expiresAt: state.nowMs(poolId) + validitySeconds(client, 'RefreshToken') * 1000, revoked: false,
      };
      session.token = crypto.randomBytes(96).toString('base64url');
    }
    const attributes = attributesToRecord(user.Attributes);
    const sub = attributes.sub;
    const common = { sub, iss: this.issuer(poolId), origin_jti: session.originJti, event_id: crypto.randomUUID(), auth_time: session.authTime, iat: now };
    let groups = [...(userGroups ?? [])];
    let scopes = [DEFAULT_SCOPE];
    const access = { ...common, client_id: client.ClientId, token_use: 'access', scope: '', jti: crypto.randomUUID(), username: user.Username, version: 2 };
    const id = { ...common, aud: client.ClientId, token_use: 'id', jti: crypto.randomUUID(), 'cognito:username': user.Username };
    for (const [name, value] of Object.entries(attributes)) {
      if (name !== 'sub') {
        id[name] = claimValue(name, value);
      }
    }
    const target = await this.lambdas.target(ctx, 'PreTokenGeneration', poolId);
    if (target) {
      const event = {
        version: target.version, triggerSource: `TokenGeneration_${source}`, region: REGION, userPoolId: poolId,
        userName: user.Username, callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.ClientId },
        request: {
          userAttributes: { ...attributes, 'cognito:user_status': user.UserStatus },
          groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: null },
          ...(clientMetadata ? { clientMetadata } : {}),
          ...(target.version === '1' ? {} : { scopes }),
        },
        response: target.version === '1' ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
      };
      const response = (await this.lambdas.call(ctx, 'PreTokenGeneration', target.functionName, event)).response ?? {};
      let groupOverride;
      if (target.version === '1') {
        const details = response.claimsOverrideDetails ?? {};
        applyClaims(id, details.claimsToAddOrOverride, details.claimsToSuppress);
        groupOverride = details.groupOverrideDetails;
      } else {
        const details = response.claimsAndScopeOverrideDetails ?? {};
        applyClaims(id, details.idTokenGeneration?.claimsToAddOrOverride, details.idTokenGeneration?.claimsToSuppress);
        const accessDetails = details.accessTokenGeneration ?? {};
        applyClaims(access, accessDetails.claimsToAddOrOverride, accessDetails.claimsToSuppress);
        scopes = [...new Set([...scopes, ...(accessDetails.scopesToAdd ?? [])])]
          .filter((scope) => !(accessDetails.scopesToSuppress ?? []).includes(scope));
        groupOverride = details.groupOverrideDetails;
      }
      if (groupOverride?.groupsToOverride) {
        groups = groupOverride.groupsToOverride;
      }
      if (groupOverride?.iamRolesToOverride?.length) {
        id['cognito:roles'] = groupOverride.iamRolesToOverride;
      }
      if (groupOverride?.preferredRole) {
        id['cognito:preferred_role'] = groupOverride.preferredRole;
      }
    }
    // The claim is there only for a user in at least one group, in both tokens.
    if (groups.length) {
      access['cognito:groups'] = groups;
      id['cognito:groups'] = groups;
    }
    access.scope = scopes.join(' ');
    const accessSeconds = validitySeconds(client, 'AccessToken');
    access.exp = now + accessSeconds;
    id.exp = now + validitySeconds(client, 'IdToken');
    const keys = await state.keysOf(poolId);
    if (!refreshing) {
      state.sessions.set(session.token, session); // only now: a trigger that failed leaves no session behind
    }
    // Two keys sign, as a pool's do: the newest signs access tokens, the one before it ID tokens.
    const accessKey = keys[keys.length - 1];
    const idKey = keys[keys.length - 2];
    return {
      AccessToken: sign(access, accessKey),
      ExpiresIn: accessSeconds,
      TokenType: 'Bearer',
      ...(refreshing ? {} : { RefreshToken: session.token }),
      IdToken: sign(id, idKey),
    };
  }

  /** The claims of a valid access token of a pool, or NotAuthorizedException worded as AWS words it. */
  async verifyAccessToken(ctx, cognito, token) {
    if (typeof token !== 'string' || token.length === 0) {
      throw new InvalidParameterError('1 validation error detected: Value at \'accessToken\' failed to satisfy constraint: Member must not be null');
    }
    const jwt = decodeJwt(token);
    const invalid = () => new NotAuthorizedError('Invalid Access Token');
    if (!jwt || typeof jwt.claims.iss !== 'string' || !jwt.claims.iss.startsWith(`${this.issuerDomain}/`)) {
      throw invalid();
    }
    const poolId = jwt.claims.iss.slice(this.issuerDomain.length + 1);
    try {
      await cognito.getUserPool(ctx, poolId);
    } catch {
      throw invalid();
    }
    const key = (await this.state.keysOf(poolId)).find((k) => k.kid === jwt.header.kid);
    if (!key || !crypto.verify('sha256', Buffer.from(jwt.input), key.publicKey, jwt.signature) || jwt.claims.token_use !== 'access') {
      throw invalid();
    }
    if (jwt.claims.exp <= this.state.nowSeconds(poolId)) {
      throw new NotAuthorizedError('Access Token has expired');
    }
    if (this.state.revokedOrigins.has(jwt.claims.origin_jti)) {
      throw new NotAuthorizedError('Access Token has been revoked');
    }
    return { poolId, claims: jwt.claims };
  }
}

async function clientOf(ctx, services, clientId) {
  if (typeof clientId !== 'string' || clientId.length === 0) {
    throw new InvalidParameterError('1 validation error detected: Value at \'clientId\' failed to satisfy constraint: Member must not be null');
  }
  const client = await services.cognito.getAppClient(ctx, clientId);
  if (!client) {
    throw new errors.ResourceNotFoundError(`User pool client ${clientId} does not exist.`);
  }
  return client;
}

function hidesUsers(client) {
  return client.PreventUserExistenceErrors === 'ENABLED';
}

// The special characters a password policy's RequireSymbols accepts (user-pool-settings-passwords.html).
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** InvalidPasswordException, worded as AWS words it, when `password` breaks the pool's password policy. */
function checkPasswordPolicy(pool, password) {
  const policy = pool.options.Policies?.PasswordPolicy ?? {};
  const rules = [
    [typeof password === 'string' && password.length >= (policy.MinimumLength ?? 8), 'Password not long enough'],
    [!policy.RequireUppercase || /[A-Z]/.test(password), 'Password must have uppercase characters'],
    [!policy.RequireLowercase || /[a-z]/.test(password), 'Password must have lowercase characters'],
    [!policy.RequireNumbers || /[0-9]/.test(password), 'Password must have numeric characters'],
    [!policy.RequireSymbols || SYMBOLS.test(password), 'Password must have symbol characters'],
  ];
  const broken = rules.find(([ok]) => !ok);
  if (broken) {
    throw cognitoError('InvalidPasswordException', `Password did not conform with policy: ${broken[1]}`);
  }
}

/** The checks AWS makes before any token is issued for a username and password. */
async function checkPassword(ctx, services, pool, client, params, flow, allowed) {
  const flows = client.ExplicitAuthFlows ?? [];
  if (!allowed.some((f) => flows.includes(f))) {
    throw new InvalidParameterError(`${flow} flow not enabled for this client`);
  }
  if (!params?.USERNAME) {
    throw new InvalidParameterError('Missing required parameter USERNAME');
  }
  const user = await pool.getUserByUsername(ctx, params.USERNAME);
  if (!user) {
    if (services.triggers.enabled('UserMigration')) {
      return; // cognito-local's flow asks the migration trigger
    }
    throw hidesUsers(client) ? incorrectCredentials() : new errors.UserNotFoundError('User does not exist.');
  }
  if (user.Password !== params.PASSWORD) {
    throw incorrectCredentials();
  }
  if (user.Enabled === false) {
    throw new NotAuthorizedError('User is disabled.');
  }
  if (user.UserStatus === 'UNCONFIRMED') {
    throw new errors.UserNotConfirmedException();
  }
}

const rotates = (client) => client.RefreshTokenRotation?.Feature === 'ENABLED';

/**
 * The session of a refresh token presented to `client`, or the error AWS gives for it. A token of a revoked login
 * (RevokeToken on any token of it, sign-out) is refused, as the access tokens it would issue are.
 */
function liveSession(state, pool, client, token) {
  const session = state.sessions.get(token);
  if (!session || session.poolId !== pool.options.Id || session.clientId !== client.ClientId) {
    throw new NotAuthorizedError('Invalid Refresh Token');
  }
  if (session.revoked || state.revokedOrigins.has(session.originJti)) {
    throw new NotAuthorizedError('Refresh Token has been revoked');
  }
  const now = state.nowMs(session.poolId);
  if (session.rotatedOutAt !== undefined && now >= session.rotatedOutAt) {
    throw cognitoError('RefreshTokenReuseException', 'Refresh Token has been invalidated by refresh token rotation');
  }
  if (now >= session.expiresAt) {
    throw new NotAuthorizedError('Refresh Token has expired');
  }
  return session;
}

/** The user a refresh token was issued to, if they may still have tokens. */
async function refreshingUser(ctx, pool, session) {
  const user = await pool.getUserByUsername(ctx, session.username);
  if (!user) {
    throw new NotAuthorizedError('Invalid Refresh Token');
  }
  if (user.Enabled === false) {
    throw new NotAuthorizedError('User is disabled.');
  }
  return user;
}

/** New access and ID tokens for a refresh token, without a new refresh token (no rotation). */
async function refreshTokens(ctx, tokens, state, pool, client, token, clientMetadata) {
  const session = liveSession(state, pool, client, token);
  const user = await refreshingUser(ctx, pool, session);
  const groups = await pool.listUserGroupMembership(ctx, user);
  return tokens.generate(ctx, user, groups, client, clientMetadata, 'RefreshTokens', session);
}

async function refresh(ctx, tokens, state, pool, client, params) {
  const token = params?.REFRESH_TOKEN;
  if (!token) {
    throw new InvalidParameterError('Missing required parameter REFRESH_TOKEN');
  }
  if (rotates(client)) {
    // "Refresh token rotation must be completed with GetTokensFromRefreshToken" (API_RefreshTokenRotationType.html);
    // the developer guide has the REFRESH_TOKEN_AUTH flow disabled on such a client, so it is refused as a disabled flow.
    throw new InvalidParameterError('REFRESH_TOKEN_AUTH flow not enabled for this client: '
      + 'refresh token rotation must be completed with GetTokensFromRefreshToken');
  }
  return { ChallengeParameters: {}, AuthenticationResult: await refreshTokens(ctx, tokens, state, pool, client, token) };
}

/** A client with a secret must be sent it (the SDK's GetTokensFromRefreshToken carries the secret itself, not a hash). */
function checkClientSecret(client, secret) {
  if (!client.ClientSecret) {
    return;
  }
  if (secret === undefined || secret === null || secret === '') {
    throw new NotAuthorizedError(`Client ${client.ClientId} is configured for secret but secret was not received`);
  }
  const expected = Buffer.from(client.ClientSecret);
  const given = Buffer.from(String(secret));
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    throw new NotAuthorizedError(`Unable to verify secret for client ${client.ClientId}`);
  }
}

/** GetTokensFromRefreshToken: a refresh as REFRESH_TOKEN_AUTH's, plus a new refresh token when the client rotates. */
async function getTokensFromRefreshToken(ctx, services, tokens, state, req) {
  if (typeof req.RefreshToken !== 'string' || req.RefreshToken.length === 0) {
    throw new InvalidParameterError('1 validation error detected: Value at \'refreshToken\' failed to satisfy constraint: Member must not be null');
  }
  const client = await clientOf(ctx, services, req.ClientId);
  checkClientSecret(client, req.ClientSecret);
  const pool = await services.cognito.getUserPool(ctx, client.UserPoolId);
  if (!rotates(client)) {
    return { AuthenticationResult: await refreshTokens(ctx, tokens, state, pool, client, req.RefreshToken, req.ClientMetadata) };
  }
  const user = await refreshingUser(ctx, pool, liveSession(state, pool, client, req.RefreshToken));
  const groups = await pool.listUserGroupMembership(ctx, user);
  // Checked again after the awaits, and spent in the same synchronous step: a concurrent request may have spent it.
  const presented = liveSession(state, pool, client, req.RefreshToken);
  const successor = state.rotateSession(presented, client);
  try {
    const result = await tokens.generate(ctx, user, groups, client, req.ClientMetadata, 'RefreshTokens', successor);
    return { AuthenticationResult: { ...result, RefreshToken: successor.token } };
  } catch (err) {
    state.undoRotation(presented, successor); // a trigger that failed leaves no session behind
    throw err;
  }
}

/** Client-side defaults and limits AWS applies to a created or updated app client. */
function normaliseClient(client, req) {
  const normalised = { ...client };
  normalised.TokenValidityUnits = {};
  for (const [which, spec] of Object.entries(VALIDITY)) {
    const unit = req.TokenValidityUnits?.[which] ?? spec.unit;
    if (!UNIT_SECONDS[unit]) {
      throw new InvalidParameterError(`Invalid TokenValidityUnits.${which}: ${unit}`);
    }
    const value = req[spec.field] ?? spec.value * UNIT_SECONDS[spec.unit] / UNIT_SECONDS[unit];
    const seconds = value * UNIT_SECONDS[unit];
    if (!Number.isFinite(seconds) || seconds < spec.min || seconds > spec.max) {
      throw new InvalidParameterError(`Invalid range for token validity: ${spec.field} must be between ${spec.min} and ${spec.max} seconds`);
    }
    normalised[spec.field] = value;
    normalised.TokenValidityUnits[which] = unit;
  }
  normalised.EnableTokenRevocation = req.EnableTokenRevocation ?? true;
  normalised.PreventUserExistenceErrors = req.PreventUserExistenceErrors ?? 'LEGACY';
  if (!['ENABLED', 'LEGACY'].includes(normalised.PreventUserExistenceErrors)) {
    throw new InvalidParameterError(`Invalid PreventUserExistenceErrors: ${normalised.PreventUserExistenceErrors}`);
  }
  const rotation = req.RefreshTokenRotation;
  if (rotation === undefined || rotation === null) {
    delete normalised.RefreshTokenRotation; // an update that leaves it out resets it, as for the other settings
  } else {
    normalised.RefreshTokenRotation = refreshTokenRotation(rotation);
  }
  return normalised;
}

/** RefreshTokenRotationType checked as AWS constrains it (API_RefreshTokenRotationType.html). */
function refreshTokenRotation(rotation) {
  const invalid = (value, field, constraint) => new InvalidParameterError(`1 validation error detected: Value ${value} at `
    + `'refreshTokenRotation.${field}' failed to satisfy constraint: Member must ${constraint}`);
  if (typeof rotation !== 'object') {
    throw new InvalidParameterError('Invalid RefreshTokenRotation');
  }
  if (rotation.Feature === undefined || rotation.Feature === null) {
    throw invalid('null', 'feature', 'not be null');
  }
  if (!['ENABLED', 'DISABLED'].includes(rotation.Feature)) {
    throw invalid(`'${rotation.Feature}'`, 'feature', 'satisfy enum value set: [ENABLED, DISABLED]');
  }
  const grace = rotation.RetryGracePeriodSeconds;
  if (grace === undefined || grace === null) {
    return { Feature: rotation.Feature };
  }
  if (!Number.isInteger(grace)) {
    throw invalid(`'${grace}'`, 'retryGracePeriodSeconds', 'be an integer');
  }
  if (grace < 0) {
    throw invalid(`'${grace}'`, 'retryGracePeriodSeconds', 'have value greater than or equal to 0');
  }
  if (grace > 60) {
    throw invalid(`'${grace}'`, 'retryGracePeriodSeconds', 'have value less than or equal to 60');
  }
  return { Feature: rotation.Feature, RetryGracePeriodSeconds: grace };
}

/** cognito-local's response for an app client, with the settings it does not know about. */
function clientResponse(client) {
  return {
    ...appClientToResponseObject(client),
    ...(client.RefreshTokenRotation ? { RefreshTokenRotation: client.RefreshTokenRotation } : {}),
  };
}

// One SignUp at a time per pool and username: cognito-local checks that the username is free and saves the user with
// awaits in between (the PreSignUp trigger among them), so simultaneous SignUps of one username all passed the check
// and each made a user. AWS makes one; the others are UsernameExistsException. API_SignUp.html
const signUpsInFlight = new Map(); // clientId + NUL + lower-cased username -> the tail of its queue

async function oneSignUpAtATime(key, work) {
  const previous = signUpsInFlight.get(key) ?? Promise.resolve();
  let release;
  const mine = new Promise((resolve) => { release = resolve; });
  const tail = previous.then(() => mine);
  signUpsInFlight.set(key, tail);
  try {
    await previous;
    return await work();
  } finally {
    release();
    if (signUpsInFlight.get(key) === tail) {
      signUpsInFlight.delete(key);
    }
  }
}

function wrap(name, handler) {
  const original = Targets[name];
  Targets[name] = (services) => {
    const inner = original ? original(services) : null;
    return (ctx, req) => handler(ctx, req ?? {}, inner, services);
  };
}

function installTargets(state, tokens) {
  for (const flowTarget of ['InitiateAuth', 'AdminInitiateAuth']) {
    wrap(flowTarget, async (ctx, req, inner, services) => {
      const client = await clientOf(ctx, services, req.ClientId);
      const pool = await services.cognito.getUserPool(ctx, client.UserPoolId);
      if (flowTarget === 'AdminInitiateAuth' && req.UserPoolId !== client.UserPoolId) {
        throw new errors.ResourceNotFoundError(`User pool client ${req.ClientId} does not exist.`);
      }
      switch (req.AuthFlow) {
        case 'USER_PASSWORD_AUTH':
          if (flowTarget === 'InitiateAuth') {
            await checkPassword(ctx, services, pool, client, req.AuthParameters, req.AuthFlow, ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH']);
          }
          break;
        case 'ADMIN_USER_PASSWORD_AUTH':
        case 'ADMIN_NO_SRP_AUTH':
          if (flowTarget === 'AdminInitiateAuth') {
            await checkPassword(ctx, services, pool, client, req.AuthParameters, req.AuthFlow, ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);
            return inner(ctx, { ...req, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH' }).then(withTokenShape);
          }
          break;
        case 'REFRESH_TOKEN_AUTH':
        case 'REFRESH_TOKEN':
          return refresh(ctx, tokens, state, pool, client, req.AuthParameters);
        default:
      }
      return inner(ctx, req).then(withTokenShape);
    });
  }

  wrap('RespondToAuthChallenge', async (ctx, req, inner) => withTokenShape(await inner(ctx, req)));

  wrap('DeleteUserPool', async (ctx, req, inner) => {
    const result = await inner(ctx, req);
    await state.forgetPool(req.UserPoolId);
    return result;
  });

  wrap('RevokeToken', async (ctx, req, inner, services) => {
    const client = await clientOf(ctx, services, req.ClientId);
    if (client.EnableTokenRevocation === false) {
      throw cognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this app client.');
    }
    const session = state.sessions.get(req.Token);
    if (!session) {
      if (decodeJwt(req.Token)) {
        throw cognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
      }
      return {}; // an unknown token is already as revoked as it can be (RFC 7009, which RevokeToken follows)
    }
    if (session.clientId !== client.ClientId) {
      throw cognitoError('UnauthorizedException', 'The token was not issued to this client.');
    }
    state.revokeSession(session);
    return {};
  });

  Targets.GlobalSignOut = (services) => async (ctx, req) => {
    const { poolId, claims } = await tokens.verifyAccessToken(ctx, services.cognito, req?.AccessToken);
    state.revokeUser(poolId, claims.username);
    return {};
  };

  Targets.AdminUserGlobalSignOut = (services) => async (ctx, req) => {
    const pool = await services.cognito.getUserPool(ctx, req?.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req?.Username);
    if (!user) {
      throw new errors.UserNotFoundError('User does not exist.');
    }
    state.revokeUser(pool.options.Id, user.Username);
    return {};
  };

  // AdminDisableUser "deactivates a user and revokes all access tokens for the user" (API_AdminDisableUser.html).
  wrap('AdminDisableUser', async (ctx, req, inner, services) => {
    const result = await inner(ctx, req);
    const pool = await services.cognito.getUserPool(ctx, req.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    state.revokeUser(pool.options.Id, user.Username);
    return result;
  });

  for (const operation of ACCESS_TOKEN_OPERATIONS) {
    wrap(operation, async (ctx, req, inner, services) => {
      if (req.AccessToken !== undefined || !['AssociateSoftwareToken', 'VerifySoftwareToken'].includes(operation)) {
        const { poolId, claims } = await tokens.verifyAccessToken(ctx, services.cognito, req.AccessToken);
        const pool = await services.cognito.getUserPool(ctx, poolId);
        const user = await pool.getUserByUsername(ctx, claims.username);
        if (!user) {
          throw new errors.UserNotFoundError('User does not exist.');
        }
        if (user.Enabled === false) {
          throw new NotAuthorizedError('User is disabled.');
        }
        if (operation === 'ChangePassword') {
          checkPasswordPolicy(pool, req.ProposedPassword);
        }
      }
      return inner(ctx, req);
    });
  }

  wrap('SignUp', (ctx, req, inner, services) => oneSignUpAtATime(
    `${req.ClientId}\u0000${String(req.Username ?? '').toLowerCase()}`, () => signUp(ctx, req, inner, services)));

  const signUp = async (ctx, req, inner, services) => {
    const client = await clientOf(ctx, services, req.ClientId);
    checkPasswordPolicy(await services.cognito.getUserPool(ctx, client.UserPoolId), req.Password);
    const result = await inner(ctx, req);
    if (result.UserConfirmed) {
      // Confirmed by the PreSignUp trigger: AWS sends no code, so none is pending and none was "delivered".
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, result.UserSub);
      if (user) {
        await pool.saveUser(ctx, { ...user, ConfirmationCode: undefined });
        const sent = state.deliveries.get(pool.options.Id) ?? [];
        state.deliveries.set(pool.options.Id, sent.filter((d) => !(d.username === user.Username && d.source === 'SignUp')));
      }
      return { UserConfirmed: true, UserSub: result.UserSub };
    }
    return { ...result, CodeDeliveryDetails: maskDetails(result.CodeDeliveryDetails) };
  };

  wrap('ConfirmSignUp', async (ctx, req, inner, services) => {
    const client = await clientOf(ctx, services, req.ClientId);
    const pool = await services.cognito.getUserPool(ctx, client.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) {
      throw hidesUsers(client)
        ? cognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.')
        : new errors.UserNotFoundError('Username/client id combination not found.');
    }
    if (user.UserStatus === 'CONFIRMED') {
      throw new NotAuthorizedError('User cannot be confirmed. Current status is CONFIRMED');
    }
    if (!user.ConfirmationCode) {
      throw new errors.ExpiredCodeError();
    }
    if (user.ConfirmationCode !== req.ConfirmationCode) {
      throw cognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    // Confirming with the code proves the user owns where it was sent: that attribute is now verified, before the
    // PostConfirmation trigger runs, so its event shows it.
    const sentTo = state.latestDelivery(pool.options.Id, user.Username)?.attributeName
      ?? (attributeValue('email', user.Attributes) ? 'email' : attributeValue('phone_number', user.Attributes) ? 'phone_number' : null);
    if (sentTo) {
      const verified = `${sentTo}_verified`;
      await pool.saveUser(ctx, {
        ...user,
        Attributes: [...user.Attributes.filter((a) => a.Name !== verified), { Name: verified, Value: 'true' }],
      });
    }
    return inner(ctx, req);
  });

  Targets.ResendConfirmationCode = (services) => async (ctx, req) => {
    const client = await clientOf(ctx, services, req?.ClientId);
    const pool = await services.cognito.getUserPool(ctx, client.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) {
      if (hidesUsers(client)) {
        return { CodeDeliveryDetails: simulatedDelivery(req.Username) };
      }
      throw new errors.UserNotFoundError('Username/client id combination not found.');
    }
    if (user.UserStatus === 'CONFIRMED') {
      throw new InvalidParameterError('User is already confirmed.');
    }
    const delivery = selectAppropriateDeliveryMethod(pool.options.AutoVerifiedAttributes ?? ['email', 'phone_number'], user);
    if (!delivery) {
      throw new InvalidParameterError('No email or phone_number to send the code to.');
    }
    const code = services.otp();
    await services.messages.deliver(ctx, 'ResendCode', req.ClientId, pool.options.Id, user, code, req.ClientMetadata, delivery);
    await pool.saveUser(ctx, { ...user, ConfirmationCode: code, UserLastModifiedDate: services.clock.get() });
    return { CodeDeliveryDetails: maskDetails(delivery) };
  };

  wrap('ForgotPassword', async (ctx, req, inner, services) => {
    const client = await clientOf(ctx, services, req.ClientId);
    const pool = await services.cognito.getUserPool(ctx, client.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) {
      if (hidesUsers(client)) {
        return { CodeDeliveryDetails: simulatedDelivery(req.Username) };
      }
      throw new errors.UserNotFoundError('Username/client id combination not found.');
    }
    const result = await inner(ctx, req);
    return { ...result, CodeDeliveryDetails: maskDetails(result.CodeDeliveryDetails) };
  });

  wrap('ConfirmForgotPassword', async (ctx, req, inner, services) => {
    const client = await clientOf(ctx, services, req.ClientId);
    const pool = await services.cognito.getUserPool(ctx, client.UserPoolId);
    if (!(await pool.getUserByUsername(ctx, req.Username))) {
      throw hidesUsers(client)
        ? cognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.')
        : new errors.UserNotFoundError('Username/client id combination not found.');
    }
    checkPasswordPolicy(pool, req.Password);
    return inner(ctx, req);
  });

  wrap('AdminSetUserPassword', async (ctx, req, inner, services) => {
    checkPasswordPolicy(await services.cognito.getUserPool(ctx, req.UserPoolId), req.Password);
    return inner(ctx, req);
  });

  for (const operation of ['CreateUserPoolClient', 'UpdateUserPoolClient']) {
    wrap(operation, async (ctx, req, inner, services) => {
      normaliseClient({}, req); // refuse a bad request before anything is stored
      const created = (await inner(ctx, req)).UserPoolClient;
      const pool = await services.cognito.getUserPool(ctx, created.UserPoolId);
      const stored = await services.cognito.getAppClient(ctx, created.ClientId);
      const previous = operation === 'UpdateUserPoolClient' ? {} : req;
      const client = normaliseClient(stored, { ...previous, ...req });
      await pool.saveAppClient(ctx, client);
      return { UserPoolClient: clientResponse(client) };
    });
  }

  wrap('DescribeUserPoolClient', async (ctx, req, inner, services) => {
    await inner(ctx, req); // its checks: the pool exists and the client is in it
    return { UserPoolClient: clientResponse(await services.cognito.getAppClient(ctx, req.ClientId)) };
  });

  Targets.GetTokensFromRefreshToken = (services) => (ctx, req) => getTokensFromRefreshToken(ctx, services, tokens, state, req ?? {});
}

/** AWS reports when the access token expires; cognito-local leaves ExpiresIn and TokenType out on some paths. */
function withTokenShape(result) {
  const tokens = result?.AuthenticationResult;
  if (tokens?.AccessToken && tokens.ExpiresIn === undefined) {
    const claims = decodeJwt(tokens.AccessToken)?.claims;
    if (claims) {
      tokens.ExpiresIn = claims.exp - claims.iat;
      tokens.TokenType = 'Bearer';
    }
  }
  return result;
}

/** Records each code a pool "sends", so a test (or `kit cloud` user) can read what the user would have received. */
function recordDeliveries(state, messages) {
  const deliver = messages.deliver.bind(messages);
  messages.deliver = async (ctx, source, clientId, userPoolId, user, code, clientMetadata, details) => {
    await deliver(ctx, source, clientId, userPoolId, user, code, clientMetadata, details);
    state.recordDelivery(userPoolId, {
      username: user.Username, source, code, attributeName: details?.AttributeName,
      deliveryMedium: details?.DeliveryMedium, destination: details?.Destination, sentAt: new Date().toISOString(),
    });
  };
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Serves what cognito-local's own routes get wrong (its openid-configuration names localhost:9229 and its JWKS one
 * key shared by every pool) and the test helpers. Returns false for a request that is not ours.
 */
function httpHandler(state, tokens, services) {
  const ctx = { logger: services.logger };
  const routes = [
    ['GET', /^\/([\w-]+)\/\.well-known\/jwks\.json$/, async (poolId) => {
      await services.cognito.getUserPool(ctx, poolId);
      return { keys: (await state.keysOf(poolId)).map((k) => k.jwk) };
    }],
    ['GET', /^\/([\w-]+)\/\.well-known\/openid-configuration$/, async (poolId) => {
      await services.cognito.getUserPool(ctx, poolId);
      const issuer = tokens.issuer(poolId);
      return {
        issuer, jwks_uri: `${issuer}/.well-known/jwks.json`,
        authorization_endpoint: `${tokens.issuerDomain}/oauth2/authorize`, token_endpoint: `${tokens.issuerDomain}/oauth2/token`,
        userinfo_endpoint: `${tokens.issuerDomain}/oauth2/userInfo`, response_types_supported: ['code', 'token'],
        scopes_supported: ['openid', 'email', 'phone', 'profile'], subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      };
    }],
    ['GET', /^\/_localcloud\/cognito\/([\w-]+)\/users\/([^/]+)\/confirmation-code$/, async (poolId, username) => {
      const pool = await services.cognito.getUserPool(ctx, poolId);
      const user = await pool.getUserByUsername(ctx, username);
      const delivery = user ? state.latestDelivery(poolId, user.Username) : undefined;
      const code = delivery?.code ?? user?.ConfirmationCode;
      if (!code) {
        throw new errors.ResourceNotFoundError(user ? `No code was sent to ${username}` : `User ${username} does not exist in ${poolId}`);
      }
      return { username: user.Username, code, source: delivery?.source ?? 'SignUp', destination: delivery?.destination ?? null };
    }],
    ['GET', /^\/_localcloud\/cognito\/([\w-]+)\/messages$/, async (poolId) => {
      await services.cognito.getUserPool(ctx, poolId);
      return { messages: state.deliveries.get(poolId) ?? [] };
    }],
    ['POST', /^\/_localcloud\/cognito\/([\w-]+)\/clock\/advance\/(\d+)$/, async (poolId, seconds) => {
      await services.cognito.getUserPool(ctx, poolId);
      state.clockOffsets.set(poolId, (state.clockOffsets.get(poolId) ?? 0) + Number(seconds) * 1000);
      return { now: new Date(state.nowMs(poolId)).toISOString() };
    }],
    ['POST', /^\/_localcloud\/cognito\/([\w-]+)\/keys\/rotate$/, async (poolId) => {
      await services.cognito.getUserPool(ctx, poolId);
      return { kid: await state.rotate(poolId) };
    }],
  ];
  return (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      sendJson(res, 400, { __type: 'InvalidParameterException', message: 'Malformed request path' });
      return true;
    }
    for (const [method, pattern, handle] of routes) {
      const match = pattern.exec(path);
      if (match && req.method === method) {
        handle(...match.slice(1)).then(
          (body) => sendJson(res, 200, body),
          (err) => err instanceof CognitoError
            ? sendJson(res, err.code === 'ResourceNotFoundException' ? 404 : 400, { __type: err.code, message: err.message })
            : sendJson(res, 500, { __type: 'InternalErrorException', message: 'Internal error' }));
        return true;
      }
    }
    return false;
  };
}

module.exports = { PoolState, PoolLambdas, AwsTokens, installTargets, recordDeliveries, httpHandler };
