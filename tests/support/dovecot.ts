// The private test Dovecot (installed from Debian's packages when missing) lives in @orgo/testing,
// shared by the email-gateway's integration specs and these suites.
export { type DovecotUser, TestDovecot, ensureDovecot } from '@orgo/testing';
