import { RecipientPolicy, oversizeRefusal } from './recipient-policy';

describe('RecipientPolicy', () => {
  const policy = new RecipientPolicy(['repairs@riverside.example', 'Hello@Riverside.example']);

  it('takes mail for role addresses, whatever their case', () => {
    expect(policy.check('repairs@riverside.example')).toBeNull();
    expect(policy.check('REPAIRS@riverside.EXAMPLE')).toBeNull();
    expect(policy.check('hello@riverside.example')).toBeNull();
  });

  it('refuses any other address with 550 and says it does not relay', () => {
    expect(policy.check('someone@elsewhere.example')).toEqual({
      responseCode: 550,
      message: '5.7.1 <someone@elsewhere.example>: relay not permitted; this server accepts mail only for the organization\'s role addresses',
    });
    expect(policy.check('nobody@riverside.example')?.responseCode).toBe(550);
  });
});

describe('oversizeRefusal', () => {
  it('answers 552 with the limit', () => {
    expect(oversizeRefusal(1024)).toEqual({ responseCode: 552, message: '5.3.4 message too big: the limit is 1024 bytes' });
  });
});
