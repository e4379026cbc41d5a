// Integration tests talk to a real database and broker: allow for consumer-group joins.
jest.setTimeout(60000);
