// End-to-end suites start real processes and wait for seconds-long escalations.
jest.setTimeout(120_000);
