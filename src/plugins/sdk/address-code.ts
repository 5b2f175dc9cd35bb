/**
 * The `code` of the error a request fails with when Ferry's outbound rules refuse its address (link-local, cloud
 * metadata, or a private address for a destination); its message says why and which setting allows what.
 */
export const ADDRESS_REFUSED_CODE = 'ERR_FERRY_ADDRESS_REFUSED';
