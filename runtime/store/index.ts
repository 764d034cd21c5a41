export * from './types'
export { FileStore, DuplicateCaseNumberError, openStore, type FileStoreOptions } from './file-store'
export { DurableJSONFile } from './durable'
export { VersionedCache } from './versioned-cache'
