// The FileShop ABI (contracts/src/IFileShop.sol) as a const, so viem types every call, event
// and error. contracts/test/abi.spec.ts fails when it drifts from what solc compiles.

export const fileShopAbi = [
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      },
      {
        internalType: 'uint64',
        name: 'deadline',
        type: 'uint64'
      }
    ],
    name: 'FileShopDeadlineNotReached',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      },
      {
        internalType: 'uint64',
        name: 'deadline',
        type: 'uint64'
      }
    ],
    name: 'FileShopDeadlinePassed',
    type: 'error'
  },
  {
    inputs: [],
    name: 'FileShopInvalidCid',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint16',
        name: 'commissionBps',
        type: 'uint16'
      }
    ],
    name: 'FileShopInvalidCommission',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint32',
        name: 'deliveryWindow',
        type: 'uint32'
      }
    ],
    name: 'FileShopInvalidDeliveryWindow',
    type: 'error'
  },
  {
    inputs: [],
    name: 'FileShopInvalidKeyCommitment',
    type: 'error'
  },
  {
    inputs: [],
    name: 'FileShopInvalidPayee',
    type: 'error'
  },
  {
    inputs: [],
    name: 'FileShopInvalidPrice',
    type: 'error'
  },
  {
    inputs: [],
    name: 'FileShopInvalidPublicKey',
    type: 'error'
  },
  {
    inputs: [],
    name: 'FileShopInvalidRecipient',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'length',
        type: 'uint256'
      }
    ],
    name: 'FileShopInvalidSealedKey',
    type: 'error'
  },
  {
    inputs: [],
    name: 'FileShopLicenseNotTransferable',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        internalType: 'enum IFileShop.ListingStatus',
        name: 'status',
        type: 'uint8'
      }
    ],
    name: 'FileShopListingNotActive',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      },
      {
        internalType: 'enum IFileShop.PurchaseState',
        name: 'state',
        type: 'uint8'
      }
    ],
    name: 'FileShopNotPending',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        internalType: 'address',
        name: 'caller',
        type: 'address'
      }
    ],
    name: 'FileShopNotSeller',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'account',
        type: 'address'
      },
      {
        internalType: 'address',
        name: 'token',
        type: 'address'
      }
    ],
    name: 'FileShopNothingOwed',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'token',
        type: 'address'
      }
    ],
    name: 'FileShopTokenTransferFailed',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      }
    ],
    name: 'FileShopUnknownListing',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      }
    ],
    name: 'FileShopUnknownPurchase',
    type: 'error'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'expected',
        type: 'uint256'
      },
      {
        internalType: 'uint256',
        name: 'received',
        type: 'uint256'
      }
    ],
    name: 'FileShopWrongPayment',
    type: 'error'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      },
      {
        indexed: true,
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'promoter',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'bytes',
        name: 'sealedKey',
        type: 'bytes'
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'payeeAmount',
        type: 'uint256'
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'promoterAmount',
        type: 'uint256'
      }
    ],
    name: 'Delivered',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        indexed: false,
        internalType: 'uint16',
        name: 'commissionBps',
        type: 'uint16'
      }
    ],
    name: 'ListingCommissionChanged',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'seller',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'payee',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'token',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'price',
        type: 'uint256'
      },
      {
        indexed: false,
        internalType: 'uint16',
        name: 'commissionBps',
        type: 'uint16'
      },
      {
        indexed: false,
        internalType: 'uint32',
        name: 'deliveryWindow',
        type: 'uint32'
      },
      {
        indexed: false,
        internalType: 'string',
        name: 'cid',
        type: 'string'
      },
      {
        indexed: false,
        internalType: 'bytes32',
        name: 'keyCommitment',
        type: 'bytes32'
      }
    ],
    name: 'ListingCreated',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      }
    ],
    name: 'ListingDelisted',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        indexed: false,
        internalType: 'bool',
        name: 'paused',
        type: 'bool'
      }
    ],
    name: 'ListingPausedChanged',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'price',
        type: 'uint256'
      }
    ],
    name: 'ListingPriceChanged',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'account',
        type: 'address'
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'token',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256'
      }
    ],
    name: 'PaymentDeferred',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      },
      {
        indexed: true,
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'buyer',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'promoter',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256'
      },
      {
        indexed: false,
        internalType: 'bytes32',
        name: 'buyerPublicKey',
        type: 'bytes32'
      },
      {
        indexed: false,
        internalType: 'uint64',
        name: 'deadline',
        type: 'uint64'
      }
    ],
    name: 'Purchased',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'buyer',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256'
      }
    ],
    name: 'Refunded',
    type: 'event'
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: 'address',
        name: 'account',
        type: 'address'
      },
      {
        indexed: true,
        internalType: 'address',
        name: 'token',
        type: 'address'
      },
      {
        indexed: false,
        internalType: 'uint256',
        name: 'amount',
        type: 'uint256'
      },
      {
        indexed: false,
        internalType: 'address',
        name: 'recipient',
        type: 'address'
      }
    ],
    name: 'Withdrawn',
    type: 'event'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        internalType: 'address',
        name: 'promoter',
        type: 'address'
      },
      {
        internalType: 'bytes32',
        name: 'buyerPublicKey',
        type: 'bytes32'
      }
    ],
    name: 'buy',
    outputs: [
      {
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      }
    ],
    stateMutability: 'payable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'payee',
        type: 'address'
      },
      {
        internalType: 'address',
        name: 'token',
        type: 'address'
      },
      {
        internalType: 'uint256',
        name: 'price',
        type: 'uint256'
      },
      {
        internalType: 'uint16',
        name: 'commissionBps',
        type: 'uint16'
      },
      {
        internalType: 'uint32',
        name: 'deliveryWindow',
        type: 'uint32'
      },
      {
        internalType: 'string',
        name: 'cid',
        type: 'string'
      },
      {
        internalType: 'bytes32',
        name: 'keyCommitment',
        type: 'bytes32'
      }
    ],
    name: 'createListing',
    outputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      }
    ],
    stateMutability: 'nonpayable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      }
    ],
    name: 'delist',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      },
      {
        internalType: 'bytes',
        name: 'sealedKey',
        type: 'bytes'
      }
    ],
    name: 'deliver',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      }
    ],
    name: 'getListing',
    outputs: [
      {
        components: [
          {
            internalType: 'address',
            name: 'seller',
            type: 'address'
          },
          {
            internalType: 'address',
            name: 'payee',
            type: 'address'
          },
          {
            internalType: 'address',
            name: 'token',
            type: 'address'
          },
          {
            internalType: 'uint256',
            name: 'price',
            type: 'uint256'
          },
          {
            internalType: 'uint16',
            name: 'commissionBps',
            type: 'uint16'
          },
          {
            internalType: 'uint32',
            name: 'deliveryWindow',
            type: 'uint32'
          },
          {
            internalType: 'enum IFileShop.ListingStatus',
            name: 'status',
            type: 'uint8'
          },
          {
            internalType: 'bytes32',
            name: 'keyCommitment',
            type: 'bytes32'
          },
          {
            internalType: 'string',
            name: 'cid',
            type: 'string'
          }
        ],
        internalType: 'struct IFileShop.Listing',
        name: '',
        type: 'tuple'
      }
    ],
    stateMutability: 'view',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      }
    ],
    name: 'getPurchase',
    outputs: [
      {
        components: [
          {
            internalType: 'uint256',
            name: 'listingId',
            type: 'uint256'
          },
          {
            internalType: 'address',
            name: 'buyer',
            type: 'address'
          },
          {
            internalType: 'address',
            name: 'promoter',
            type: 'address'
          },
          {
            internalType: 'address',
            name: 'payee',
            type: 'address'
          },
          {
            internalType: 'address',
            name: 'token',
            type: 'address'
          },
          {
            internalType: 'uint256',
            name: 'amount',
            type: 'uint256'
          },
          {
            internalType: 'uint16',
            name: 'commissionBps',
            type: 'uint16'
          },
          {
            internalType: 'uint64',
            name: 'deadline',
            type: 'uint64'
          },
          {
            internalType: 'enum IFileShop.PurchaseState',
            name: 'state',
            type: 'uint8'
          },
          {
            internalType: 'bytes32',
            name: 'buyerPublicKey',
            type: 'bytes32'
          }
        ],
        internalType: 'struct IFileShop.Purchase',
        name: '',
        type: 'tuple'
      }
    ],
    stateMutability: 'view',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'account',
        type: 'address'
      },
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      }
    ],
    name: 'hasLicense',
    outputs: [
      {
        internalType: 'bool',
        name: '',
        type: 'bool'
      }
    ],
    stateMutability: 'view',
    type: 'function'
  },
  {
    inputs: [],
    name: 'listingCount',
    outputs: [
      {
        internalType: 'uint256',
        name: '',
        type: 'uint256'
      }
    ],
    stateMutability: 'view',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'account',
        type: 'address'
      },
      {
        internalType: 'address',
        name: 'token',
        type: 'address'
      }
    ],
    name: 'owed',
    outputs: [
      {
        internalType: 'uint256',
        name: '',
        type: 'uint256'
      }
    ],
    stateMutability: 'view',
    type: 'function'
  },
  {
    inputs: [],
    name: 'purchaseCount',
    outputs: [
      {
        internalType: 'uint256',
        name: '',
        type: 'uint256'
      }
    ],
    stateMutability: 'view',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'purchaseId',
        type: 'uint256'
      }
    ],
    name: 'refund',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        internalType: 'uint16',
        name: 'commissionBps',
        type: 'uint16'
      }
    ],
    name: 'setCommission',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        internalType: 'bool',
        name: 'paused',
        type: 'bool'
      }
    ],
    name: 'setPaused',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'uint256',
        name: 'listingId',
        type: 'uint256'
      },
      {
        internalType: 'uint256',
        name: 'price',
        type: 'uint256'
      }
    ],
    name: 'setPrice',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'token',
        type: 'address'
      }
    ],
    name: 'withdraw',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function'
  },
  {
    inputs: [
      {
        internalType: 'address',
        name: 'token',
        type: 'address'
      },
      {
        internalType: 'address',
        name: 'recipient',
        type: 'address'
      }
    ],
    name: 'withdrawTo',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function'
  }
] as const
