// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title FileShop: sell encrypted files, pay sellers and promoters in the delivery transaction
/// @notice A seller (a PC2 node's hot wallet) lists the CID of an encrypted file with a
/// commitment to its key. A buyer pays into escrow with `buy`, naming an X25519 public key.
/// The seller answers with `deliver`: the file key sealed to that public key
/// (`crypto_box_seal`, 80 bytes). Delivery releases the escrow: the listing's payee and
/// the promoter who brought the buyer are paid in that same transaction, and the buyer
/// receives a non-transferable ERC-1155 license token (id = listing id). Without a delivery
/// before the purchase's deadline, anyone may `refund` the buyer.
/// @dev Payments are pushed with a gas cap; a recipient that reverts, re-enters or burns gas
/// is credited instead (`PaymentDeferred`) and collects with `withdraw`, so no recipient can
/// block another's payment. Every wei (or token unit) paid in is, at any time, exactly one
/// of: escrowed in a pending purchase, owed to an account, or already paid out.
interface IFileShop {
    /// @notice Whether a listing can be bought.
    enum ListingStatus {
        None, // no such listing
        Active,
        Paused, // the seller may resume it
        Delisted // final
    }

    /// @notice Where a purchase stands.
    enum PurchaseState {
        None, // no such purchase
        Pending, // paid into escrow, waiting for the seller's delivery
        Delivered, // key delivered, escrow paid out
        Refunded // deadline passed without delivery, buyer repaid
    }

    struct Listing {
        address seller; // may deliver and manage the listing (the node's wallet)
        address payee; // receives the seller's share
        address token; // address(0) = native ETH, otherwise an ERC-20
        uint256 price; // exact amount a buyer pays, in wei or token units
        uint16 commissionBps; // promoter's cut in basis points (0..10000)
        uint32 deliveryWindow; // seconds the seller has to deliver after a purchase
        ListingStatus status;
        bytes32 keyCommitment; // keccak256 of the 32-byte file key
        string cid; // IPFS CID of the encrypted file
    }

    struct Purchase {
        uint256 listingId;
        address buyer;
        address promoter; // address(0) when nobody referred the buyer
        address payee; // the listing's payee at purchase time
        address token;
        uint256 amount; // escrowed
        uint16 commissionBps; // the listing's commission at purchase time
        uint64 deadline; // deliver strictly before; refund at or after
        PurchaseState state;
        bytes32 buyerPublicKey; // X25519 key the file key is sealed to
    }

    /// @notice A listing was created.
    event ListingCreated(
        uint256 indexed listingId,
        address indexed seller,
        address payee,
        address token,
        uint256 price,
        uint16 commissionBps,
        uint32 deliveryWindow,
        string cid,
        bytes32 keyCommitment
    );
    /// @notice A listing's price changed; purchases already made keep their price.
    event ListingPriceChanged(uint256 indexed listingId, uint256 price);
    /// @notice A listing's commission changed; purchases already made keep their commission.
    event ListingCommissionChanged(uint256 indexed listingId, uint16 commissionBps);
    /// @notice A listing was paused (`paused` true) or resumed.
    event ListingPausedChanged(uint256 indexed listingId, bool paused);
    /// @notice A listing was withdrawn for good.
    event ListingDelisted(uint256 indexed listingId);
    /// @notice A buyer paid into escrow.
    event Purchased(
        uint256 indexed purchaseId,
        uint256 indexed listingId,
        address indexed buyer,
        address promoter,
        uint256 amount,
        bytes32 buyerPublicKey,
        uint64 deadline
    );
    /// @notice The seller delivered the sealed key; the escrow was split between payee and promoter.
    event Delivered(
        uint256 indexed purchaseId,
        uint256 indexed listingId,
        address indexed promoter,
        bytes sealedKey,
        uint256 payeeAmount,
        uint256 promoterAmount
    );
    /// @notice The deadline passed without delivery and the buyer's payment was returned.
    event Refunded(uint256 indexed purchaseId, address indexed buyer, uint256 amount);
    /// @notice A push payment failed; the amount is owed to `account` until it calls `withdraw`.
    event PaymentDeferred(address indexed account, address indexed token, uint256 amount);
    /// @notice An account collected what it was owed, sent to `recipient` (itself, unless withdrawTo).
    event Withdrawn(address indexed account, address indexed token, uint256 amount, address recipient);

    error FileShopUnknownListing(uint256 listingId);
    error FileShopUnknownPurchase(uint256 purchaseId);
    error FileShopNotSeller(uint256 listingId, address caller);
    error FileShopListingNotActive(uint256 listingId, ListingStatus status);
    error FileShopInvalidPrice();
    error FileShopInvalidCommission(uint16 commissionBps);
    error FileShopInvalidDeliveryWindow(uint32 deliveryWindow);
    error FileShopInvalidPayee();
    error FileShopInvalidCid();
    error FileShopInvalidKeyCommitment();
    error FileShopInvalidPublicKey();
    error FileShopWrongPayment(uint256 expected, uint256 received);
    error FileShopInvalidSealedKey(uint256 length);
    error FileShopNotPending(uint256 purchaseId, PurchaseState state);
    error FileShopDeadlinePassed(uint256 purchaseId, uint64 deadline);
    error FileShopDeadlineNotReached(uint256 purchaseId, uint64 deadline);
    error FileShopNothingOwed(address account, address token);
    error FileShopInvalidRecipient();
    error FileShopLicenseNotTransferable();
    error FileShopTokenTransferFailed(address token);

    /// @notice List a file. The caller becomes the listing's seller.
    /// @param payee receives the seller's share of each sale (not address(0))
    /// @param token address(0) for ETH, else an ERC-20 contract
    /// @param price exact price (> 0)
    /// @param commissionBps promoter's cut, 0..10000
    /// @param deliveryWindow seconds to deliver after each purchase, 60 .. 30 days
    /// @param cid IPFS CID of the encrypted file (1..128 bytes)
    /// @param keyCommitment keccak256 of the 32-byte file key (not zero)
    /// @return listingId the new listing's id (ids start at 1)
    function createListing(
        address payee,
        address token,
        uint256 price,
        uint16 commissionBps,
        uint32 deliveryWindow,
        string calldata cid,
        bytes32 keyCommitment
    ) external returns (uint256 listingId);

    /// @notice Change the price of future purchases. Only the seller.
    function setPrice(uint256 listingId, uint256 price) external;

    /// @notice Change the commission of future purchases. Only the seller.
    function setCommission(uint256 listingId, uint16 commissionBps) external;

    /// @notice Pause (`paused` true) or resume a listing. Only the seller; not once delisted.
    function setPaused(uint256 listingId, bool paused) external;

    /// @notice Withdraw a listing for good. Only the seller. Pending purchases can still be
    /// delivered or refunded.
    function delist(uint256 listingId) external;

    /// @notice Buy an active listing, paying exactly its price into escrow: as `msg.value`
    /// for ETH listings, by `transferFrom` (after `approve`) for ERC-20 listings, where
    /// `msg.value` must be 0.
    /// @param promoter who referred the buyer, or address(0)
    /// @param buyerPublicKey X25519 public key the file key will be sealed to (not zero)
    /// @return purchaseId the new purchase's id (ids start at 1)
    function buy(uint256 listingId, address promoter, bytes32 buyerPublicKey)
        external
        payable
        returns (uint256 purchaseId);

    /// @notice Deliver the sealed file key, strictly before the deadline. Only the listing's
    /// seller. Pays the payee and promoter and mints the buyer's license token.
    /// @param sealedKey `crypto_box_seal(fileKey, buyerPublicKey)`: exactly 80 bytes
    function deliver(uint256 purchaseId, bytes calldata sealedKey) external;

    /// @notice Return a pending purchase's payment to its buyer, at or after its deadline.
    /// Anyone may call it; the money only ever goes to the buyer.
    function refund(uint256 purchaseId) external;

    /// @notice Collect what failed push payments left owed to the caller in `token`.
    function withdraw(address token) external;

    /// @notice Collect what is owed to the caller in `token`, sent to `recipient`: for an
    /// account that cannot receive it itself (a contract without a payable receive, an
    /// address the token blocks).
    /// @param recipient where the money goes (not address(0))
    function withdrawTo(address token, address recipient) external;

    /// @notice A listing (status None when it does not exist).
    function getListing(uint256 listingId) external view returns (Listing memory);

    /// @notice A purchase (state None when it does not exist).
    function getPurchase(uint256 purchaseId) external view returns (Purchase memory);

    /// @notice Number of listings created so far (= the highest listing id).
    function listingCount() external view returns (uint256);

    /// @notice Number of purchases made so far (= the highest purchase id).
    function purchaseCount() external view returns (uint256);

    /// @notice What `account` can collect with `withdraw(token)`.
    function owed(address account, address token) external view returns (uint256);

    /// @notice Whether `account` holds the license for `listingId` (bought and delivered).
    function hasLicense(address account, uint256 listingId) external view returns (bool);
}
