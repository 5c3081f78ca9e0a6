/** `sluice/testing`: test doubles that ship as product. */
export {
  MockApi,
  makeRecords,
  type MockApiOptions,
  type MockRoute,
  type StaticRoute,
  type CollectionRoute,
  type HandlerRoute,
  type MockRequest,
  type MockResponse,
  type MockRecord,
  type MockAuth,
  type MockFaults,
  type FaultKind,
  type MockPagination,
} from './mock-api.js';
