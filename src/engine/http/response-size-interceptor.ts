export { capResponseBytes, responseSizeInterceptor, ResponseTooLargeError } from '../../plugins/sdk/response-size';
