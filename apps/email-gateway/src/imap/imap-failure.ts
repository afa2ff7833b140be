/** What a connection failure means for the mailbox: the password (or token) or anything else. */
export interface ImapFailure {
  kind: 'auth_failed' | 'tls_failed' | 'connection_failed';
  /** The server's own words where it gave any, else the error's message. */
  message: string;
  /** What the person running Orgo can do about it. */
  action: string;
}

interface ImapErrorLike {
  message?: string;
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  reason?: string;
}

/** Reads an imapflow (or socket) error into what the health check and the log say. */
export function describeImapFailure(error: unknown, where: { host: string; port: number; user: string; secretEnv: string }): ImapFailure {
  const e = (error ?? {}) as ImapErrorLike;
  const server = e.responseText || e.reason || e.message || String(error);
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return {
      kind: 'auth_failed',
      message: server,
      action: `the server ${where.host}:${where.port} refused the login of '${where.user}': correct the password or access token (${where.secretEnv} or the security file) and restart; Orgo keeps retrying slowly`,
    };
  }
  if (e.tlsFailed || /certificate|self[- ]signed|TLS|SSL/i.test(server)) {
    return {
      kind: 'tls_failed',
      message: server,
      action: `check the TLS settings of this mailbox (tls, port, tls_ca_file) against ${where.host}:${where.port}`,
    };
  }
  return {
    kind: 'connection_failed',
    message: e.code && !server.includes(e.code) ? `${e.code}: ${server}` : server,
    action: `check that ${where.host}:${where.port} is reachable; Orgo reconnects with growing delays`,
  };
}
