/** `bearer` (dlt `BearerTokenAuth`): `Authorization: Bearer <token>`. */
import { asSecret, type Secret, type SecretLike } from '../../../../config/secret.js';
import type { Auth, RestRequest } from '../types.js';

export class BearerAuth implements Auth {
  readonly type = 'bearer';
  /** The token, kept as a Secret (masked everywhere). */
  readonly token: Secret;
  constructor(opts: { token: SecretLike }) {
    this.token = asSecret(opts.token);
  }
  apply(req: RestRequest): void {
    req.headers['Authorization'] = `Bearer ${this.token.reveal()}`;
  }
}
