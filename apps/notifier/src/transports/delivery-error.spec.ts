import { DeliveryError, smtpDeliveryError } from './delivery-error';

describe('smtpDeliveryError', () => {
  it('treats an SMTP 5xx reply as a permanent refusal and a 4xx as worth a retry', () => {
    const refused = smtpDeliveryError(Object.assign(new Error('Message failed'), { responseCode: 550, response: '550 5.1.1 Mailbox unavailable', code: 'EMESSAGE' }));
    expect(refused).toMatchObject({ permanent: true, message: 'the SMTP server refused the mail: 550 5.1.1 Mailbox unavailable' });
    const deferred = smtpDeliveryError(Object.assign(new Error('Message failed'), { responseCode: 451, response: '451 4.3.0 Try again later' }));
    expect(deferred).toMatchObject({ permanent: false, message: 'the SMTP server refused the mail: 451 4.3.0 Try again later' });
  });

  it('retries when the server could not be reached', () => {
    const lost = smtpDeliveryError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }));
    expect(lost).toMatchObject({ permanent: false, message: 'the SMTP server could not be reached or failed (ESOCKET): connect ECONNREFUSED 127.0.0.1:2525' });
  });

  it('keeps a DeliveryError as it is', () => {
    const error = new DeliveryError('the SMTP server refused the recipients x@y.example', true);
    expect(smtpDeliveryError(error)).toBe(error);
  });
});
