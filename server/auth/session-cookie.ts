/**
 * The session cookie: HttpOnly, SameSite=Strict, Path=/; over https also Secure, with the
 * `__Host-` prefix (the browser then refuses it from a sub-domain or without Secure).
 */
export interface SessionCookie {
  name: string;
  options: { httpOnly: true; sameSite: 'strict'; path: '/'; secure: boolean };
}

export function sessionCookie(secure: boolean): SessionCookie {
  return {
    name: secure ? '__Host-dokuei_session' : 'dokuei_session',
    options: { httpOnly: true, sameSite: 'strict', path: '/', secure },
  };
}
