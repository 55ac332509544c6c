/**
 * The API description's examples: requests and the answers the service gives them. The tests send
 * each request (with its keys made unique) and compare the answer with the example
 * (test/integration/openapi-examples.test.ts), so an example here is one the service really gives.
 * `example-pnf` and `eth0` are the keys a test replaces.
 */

export const BULKADD_REQUEST = {
  transactions: [
    {
      put: [
        { uri: '/network/pnfs/pnf/example-pnf', body: { 'pnf-name': 'example-pnf', 'equip-type': 'router', 'in-maint': false } },
        { uri: '/network/pnfs/pnf/example-pnf/p-interfaces/p-interface/eth0', body: { 'interface-name': 'eth0', 'port-description': 'uplink' } },
      ],
    },
  ],
};

export const BULKADD_RESPONSE = {
  transaction: [
    {
      put: [
        { uri: '/network/pnfs/pnf/example-pnf', body: { '201': null } },
        { uri: '/network/pnfs/pnf/example-pnf/p-interfaces/p-interface/eth0', body: { '201': null } },
      ],
    },
  ],
};

export const SINGLE_TRANSACTION_REQUEST = {
  operations: [
    { action: 'put', uri: '/network/pnfs/pnf/example-pnf', body: { 'pnf-name': 'example-pnf', 'in-maint': false } },
    { action: 'patch', uri: '/network/pnfs/pnf/example-pnf', body: { 'equip-type': 'switch' } },
  ],
};

export const SINGLE_TRANSACTION_RESPONSE = {
  'operation-responses': [
    { action: 'put', uri: '/network/pnfs/pnf/example-pnf', 'response-status-code': 201, 'response-body': null },
    { action: 'patch', uri: '/network/pnfs/pnf/example-pnf', 'response-status-code': 200, 'response-body': null },
  ],
};

export const BATCH_GET_REQUEST = { 'batch-get-list': [{ uri: '/network/pnfs/pnf/example-pnf?depth=0' }] };

export const JOB_NDJSON_REQUEST = `${JSON.stringify(BULKADD_REQUEST.transactions[0])}\n`;
